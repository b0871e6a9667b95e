"""The statistics' monthly figures (``rollup``) and when they were computed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guidance.models import (
    District,
)


class MonthlyFigure(models.Model):
    """One raw count behind the statistics, for one month and district: how many
    contacts, how many of them women, how many referrals closed with an outcome...

    Written only by ``referrals.statistics.rollup.compute``; never shown as it is, because
    ``referrals.statistics`` suppresses every count from 1 to 4 before it leaves.
    """

    month = models.DateField(_("månad"))  # its first day
    # None: the whole city, the sum of the districts (a city report reads 1/13 the rows).
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    figure = models.CharField(_("uppgift"), max_length=60)
    value = models.BigIntegerField(_("värde"))

    class Meta:
        verbose_name = _("månadssiffra")
        verbose_name_plural = _("månadssiffror")
        indexes = [
            # A report: one district (or the city) over a range of months.
            models.Index(fields=["district", "month"], name="figure_district_month"),
            # The district table of a city report: one figure, every district.
            models.Index(fields=["figure", "month"], name="figure_month"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.figure}"


class StatisticsRun(models.Model):
    """One computation of the monthly figures: when, by whom (nobody: the nightly job)."""

    finished_at = models.DateTimeField(_("klar"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("startad av"),
    )
    contacts = models.PositiveIntegerField(_("kontakter"))
    seconds = models.FloatField(_("sekunder"))

    class Meta:
        verbose_name = _("beräkning av statistiken")
        verbose_name_plural = _("beräkningar av statistiken")
        get_latest_by = "finished_at"
        ordering = ["-finished_at"]

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M}"
