"""The audit trail: who saw or changed what, and when.

Its own part, below every other: anything may record an event through
``audit.trail.record``, and nothing here knows contacts or referrals beyond
their reference numbers.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk changes are refused like single ones: the trail only grows."""

    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One line of the append-only audit trail: who saw or changed what, and when.

    Written only by ``referrals.trail.record``; never updated or deleted (the
    model, its queryset, and triggers in both databases refuse).
    """

    class Action(models.TextChoices):
        CONTACT_SUBMITTED = "contact_submitted", _("Kontakt registrerad")
        CONTACT_VIEWED = "contact_viewed", _("Kontakt visad")
        CONTACT_PRINTED = "contact_printed", _("Kontakt utskriven")
        HANDOUT_PRINTED = "handout_printed", _("Informationsblad till anhörig utskrivet")
        DRAFT_DELETED = "draft_deleted", _("Utkast raderat")
        DRAFTS_PURGED = "drafts_purged", _("Gamla utkast gallrade")
        REFERRAL_VIEWED = "referral_viewed", _("Hänvisning visad")
        REFERRAL_RECEIVED = "referral_received", _("Hänvisning mottagen")
        REFERRAL_ACCEPTED = "referral_accepted", _("Hänvisning accepterad")
        REFERRAL_DECLINED = "referral_declined", _("Hänvisning avböjd")
        REFERRAL_FORWARDED = "referral_forwarded", _("Hänvisning vidarebefordrad")
        FIRST_TALK_BOOKED = "first_talk_booked", _("Första samtal bokat")
        FIRST_TALK_REBOOKED = "first_talk_rebooked", _("Första samtal ombokat")
        REFERRAL_WITHDRAWN = "referral_withdrawn", _("Hänvisning återkallad av avsändaren")
        REFERRAL_IN_PROGRESS = "referral_in_progress", _("Stödet pågår")
        REFERRAL_CLOSED = "referral_closed", _("Hänvisning avslutad")
        EXTERNAL_OUTCOME_RECORDED = "external_outcome_recorded", _("Utfall hos extern mottagare")
        SESSION_LOGGED = "session_logged", _("Stödsamtal registrerat")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Samtycke återkallat")
        STATISTICS_VIEWED = "statistics_viewed", _("Statistik visad")
        STATISTICS_EXPORTED = "statistics_exported", _("Statistik exporterad")
        STATISTICS_COMPUTED = "statistics_computed", _("Statistik beräknad")
        RETENTION_APPLIED = "retention_applied", _("Gallring utförd")
        DRAFT_CHECK_VIEWED = "draft_check_viewed", _("Utkastets sammanställning visad")
        ACCESS_REFUSED = "access_refused", _("Åtkomst nekad")
        # Accounts: signing in and out, two-factor, roles and workplaces.
        SIGNED_IN = "signed_in", _("Inloggning")
        SIGN_IN_FAILED = "sign_in_failed", _("Misslyckad inloggning")
        LOCKED_OUT = "locked_out", _("Konto spärrat efter misslyckade inloggningar")
        SIGNED_OUT = "signed_out", _("Utloggning")
        TWO_FACTOR_VERIFIED = "two_factor_verified", _("Engångskod godkänd")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Fel engångskod")
        TWO_FACTOR_ADDED = "two_factor_added", _("Tvåfaktorsenhet tillagd")
        TWO_FACTOR_REMOVED = "two_factor_removed", _("Tvåfaktorsenhet borttagen")
        TWO_FACTOR_RESET = "two_factor_reset", _("Tvåfaktorsinloggning återställd")
        RECOVERY_CODES_CREATED = "recovery_codes_created", _("Reservkoder skapade")
        RECOVERY_CODE_USED = "recovery_code_used", _("Reservkod använd")
        USER_CREATED = "user_created", _("Användare skapad")
        USER_CHANGED = "user_changed", _("Användarkonto ändrat")
        ROLES_CHANGED = "roles_changed", _("Roller ändrade")
        WORKPLACE_CHANGED = "workplace_changed", _("Arbetsplats ändrad")
        PASSWORD_CHANGED = "password_changed", _("Lösenord bytt")
        # Outreach after a serious incident (referrals.outreach).
        INCIDENT_REGISTERED = "incident_registered", _("Allvarlig händelse registrerad")
        INCIDENT_VIEWED = "incident_viewed", _("Allvarlig händelse visad")
        INCIDENTS_LISTED = "incidents_listed", _("Lista över allvarliga händelser visad")
        INCIDENT_CLOSED = "incident_closed", _("Allvarlig händelse avslutad")
        INCIDENT_REOPENED = "incident_reopened", _("Allvarlig händelse öppnad igen")
        TASK_ADDED = "task_added", _("Uppgift tillagd")
        TASK_DONE = "task_done", _("Uppgift klar")
        TASK_REASSIGNED = "task_reassigned", _("Uppgift flyttad till annan ansvarig")
        TASK_NOT_APPLICABLE = "task_not_applicable", _("Uppgift markerad som ej aktuell")
        TASK_REOPENED = "task_reopened", _("Uppgift öppnad igen")
        RELATIVE_REACHED = "relative_reached", _("Anhörig nådd eller sökt")
        OUTREACH_STATISTICS_VIEWED = (
            "outreach_statistics_viewed",
            _("Statistik om uppsökande visad"),
        )
        OUTREACH_STATISTICS_EXPORTED = (
            "outreach_statistics_exported",
            _("Statistik om uppsökande exporterad"),
        )

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vem"),
    )
    action = models.CharField(_("händelse"), max_length=40, choices=Action)
    contact_reference = models.CharField(_("kontakt"), max_length=20, blank=True, db_index=True)
    referral_reference = models.CharField(_("hänvisning"), max_length=24, blank=True, db_index=True)
    incident_reference = models.CharField(
        _("allvarlig händelse"), max_length=20, blank=True, db_index=True, default="", db_default=""
    )
    details = models.JSONField(_("detaljer"), default=dict, blank=True)
    # The account an account event is about (roles, workplace, two-factor …).
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gäller användare"),
    )
    client_address = models.GenericIPAddressField(_("klientadress"), null=True, blank=True)
    # A keyed hash of the session key: ties a session's events together without
    # storing anything that would let a log reader take the session over.
    session_hash = models.CharField(
        _("session"), max_length=32, blank=True, default="", db_default=""
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when the trail lived in ``referrals``.
        db_table = "referrals_auditevent"
        verbose_name = _("loggad händelse")
        verbose_name_plural = _("granskningslogg")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")
