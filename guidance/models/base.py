"""What every guidance item shares (a key, a source, an edit mark and an
editor's note) and who answers for the guidance.

Every item has a stable ``key`` (its natural key in the fixtures), cites the
seed document and section it comes from, and remembers whether an
administrator has edited it so that reloading the fixtures never overwrites
that edit (see ``guidance.loading``). What the sources leave open goes in the
editor's note, shown in the admin only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class KeyedManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class SourceDocument(models.Model):
    """A seed document the guidance is drawn from."""

    key = models.SlugField(_("nyckel"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    publisher = models.CharField(_("utgivare"), max_length=200)
    published = models.CharField(_("utgiven"), max_length=40, help_text=_("T.ex. 2021-12-14"))
    seed_file = models.CharField(_("källfil"), max_length=100, blank=True)
    url = models.URLField(_("webbadress"), blank=True)

    objects = KeyedManager()

    class Meta:
        verbose_name = _("källdokument")
        verbose_name_plural = _("källdokument")
        ordering = ["published", "title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.key,)


class Fact(models.TextChoices):
    """A yes/no fact about a service that the sources may not give.

    Only a ``YES`` or ``NO`` is printed for a relative; ``UNKNOWN`` is what
    the seeds leave open, and the caseworker is told to ask.
    """

    YES = "yes", _("Ja")
    NO = "no", _("Nej")
    UNKNOWN = "unknown", _("Uppgift saknas")


class GuidanceItem(models.Model):
    """Fields every piece of guidance shares: a key, a source and an edit mark."""

    key = models.SlugField(_("nyckel"), max_length=80, unique=True)
    source_document = models.ForeignKey(
        SourceDocument, on_delete=models.PROTECT, verbose_name=_("källdokument")
    )
    source_section = models.CharField(
        _("avsnitt i källan"), max_length=200, help_text=_("Rubrik eller sida i källdokumentet.")
    )
    locally_edited = models.BooleanField(
        _("ändrad av administratör"),
        default=False,
        editable=False,
        help_text=_("Sätts när posten ändras i administrationen; inläsning skriver då inte över."),
    )
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    editor_note = models.TextField(
        _("redaktionell anteckning"),
        blank=True,
        help_text=_(
            "Visas bara i administrationen: vad källorna inte säger, vad som behöver "
            "kontrolleras. Texten som handläggare läser säger i stället vad de ska göra."
        ),
    )

    objects = KeyedManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.key,)

    @property
    def source(self) -> str:
        return f"{self.source_document.title}, {self.source_section}"


class ContentOwner(models.Model):
    """Who answers for the guidance: shown in the footer of every guidance page.

    One row; the administrator sets it.
    """

    name = models.CharField(_("ansvarig funktion"), max_length=200)
    email = models.EmailField(_("funktionsbrevlåda"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ansvarig för innehållet")
        verbose_name_plural = _("ansvarig för innehållet")

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
