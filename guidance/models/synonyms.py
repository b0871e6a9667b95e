"""The words relatives use, and what the search looks for when they are typed."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SearchSynonymManager(models.Manager):
    def get_by_natural_key(self, word):
        return self.get(word=word)


class SearchSynonym(models.Model):
    """A word (a symptom, an everyday word) and the guidance terms it also searches for.

    ``expands_to`` is space-separated terms: a search for "sömnlös" also finds
    items about "trauma" and "vårdcentral". Administrators edit the list; a
    fixture load never overwrites their edit (``locally_edited``).
    """

    word = models.CharField(
        _("ord"), max_length=60, unique=True, help_text=_("Ett ord, som det skrivs i sökrutan.")
    )
    expands_to = models.CharField(
        _("söker också på"),
        max_length=300,
        help_text=_("Ord som söks i stället, åtskilda med mellanslag, t.ex. krisstöd trauma."),
    )
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    locally_edited = models.BooleanField(
        _("ändrad av administratör"),
        default=False,
        editable=False,
        help_text=_("Sätts när posten ändras i administrationen; inläsning skriver då inte över."),
    )
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    objects = SearchSynonymManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sökord med synonymer")
        verbose_name_plural = _("sökord med synonymer")
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip().lower()
        self.expands_to = " ".join(self.expands_to.lower().split())
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.word,)

    @property
    def terms(self) -> list[str]:
        return self.expands_to.split()
