"""What the fixture loader must know about the administrator's work.

An item from ``fixtures/guidance/`` can be edited or deleted in the admin, and
the fixture can change after that. Three records keep both sides visible:

- ``LocalEdit``: one row per field the administrator changed on an item, with
  the value the field had before (the fixture's version then, ``base_value``).
  The loader updates every other field from the fixture; a field with a local
  edit is left alone unless the fixture changed it too.
- ``FixtureConflict``: a field the fixture changed that the administrator had
  also changed. The admin shows it on the item's page, field by field, with
  "Använd fixturens version" and "Behåll min".
- ``FixtureTombstone``: a fixture item the administrator deleted. The loader
  never recreates it until the tombstone is undone ("Återställ från fixturen").

Items are named by model label (``guidance.service``) and natural key, so the
records survive a reload and follow a renamed key (``guidance.loading``).
Values are stored as JSON: text, numbers, dates as ISO text, a foreign key as
its primary key and a many-to-many field as a sorted list of primary keys.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalEdit(models.Model):
    model_label = models.CharField(_("typ"), max_length=60)
    object_key = models.CharField(_("nyckel"), max_length=80)
    field = models.CharField(_("fält"), max_length=80)
    base_value = models.JSONField(
        _("värde före ändringen"),
        null=True,
        blank=True,
    )
    base_known = models.BooleanField(
        _("värdet före är känt"),
        default=True,
        help_text=_(
            "Nej för poster som administratören lade till och för ändringar gjorda innan "
            "ändringar spårades per fält: varje skillnad mot fixturen visas då."
        ),
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ändrad av"),
    )
    edited_at = models.DateTimeField(_("ändrad"), auto_now_add=True)

    class Meta:
        verbose_name = _("lokal ändring")
        verbose_name_plural = _("lokala ändringar")
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "object_key", "field"], name="unique_local_edit"
            )
        ]

    def __str__(self):
        return f"{self.model_label}:{self.object_key}.{self.field}"


class FixtureConflict(models.Model):
    model_label = models.CharField(_("typ"), max_length=60)
    object_key = models.CharField(_("nyckel"), max_length=80)
    field = models.CharField(_("fält"), max_length=80)
    fixture_value = models.JSONField(_("fixturens version"), null=True, blank=True)
    database_value = models.JSONField(_("databasens version"), null=True, blank=True)
    found_at = models.DateTimeField(_("upptäckt"), auto_now_add=True)

    class Meta:
        verbose_name = _("skillnad mot fixturen")
        verbose_name_plural = _("skillnader mot fixturen")
        ordering = ["-found_at", "model_label", "object_key", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "object_key", "field"], name="unique_fixture_conflict"
            )
        ]

    def __str__(self):
        return f"{self.model_label}:{self.object_key}.{self.field}"


class FixtureTombstone(models.Model):
    model_label = models.CharField(_("typ"), max_length=60)
    object_key = models.CharField(_("nyckel"), max_length=80)
    title = models.CharField(_("namn"), max_length=300, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("borttagen av"),
    )
    deleted_at = models.DateTimeField(_("borttagen"), auto_now_add=True)
    reported = models.BooleanField(
        _("rapporterad vid inläsning"),
        default=False,
        help_text=_("Inläsningen säger en gång att posten inte läses in igen."),
    )

    class Meta:
        verbose_name = _("borttagen fixturpost")
        verbose_name_plural = _("borttagna fixturposter")
        ordering = ["-deleted_at"]
        constraints = [
            models.UniqueConstraint(fields=["model_label", "object_key"], name="unique_tombstone")
        ]

    def __str__(self):
        return self.title or f"{self.model_label}:{self.object_key}"
