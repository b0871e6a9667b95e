from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from referrals.models import AuditEvent, Draft
from referrals.services import purge_expired_drafts

pytestmark = pytest.mark.django_db


def test_drafts_older_than_the_setting_are_deleted(make_draft, settings):
    settings.DRAFT_RETENTION_DAYS = 14
    old, recent = make_draft(), make_draft()
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=15))
    Draft.objects.filter(pk=recent.pk).update(updated_at=timezone.now() - timedelta(days=13))

    assert purge_expired_drafts() == 1

    assert list(Draft.objects.all()) == [recent]
    event = AuditEvent.objects.get(action=AuditEvent.Action.DRAFTS_PURGED)
    assert event.details == {"count": 1, "older_than_days": 14}


def test_the_daily_command_reports_what_it_did(make_draft, capsys):
    Draft.objects.filter(pk=make_draft().pk).update(updated_at=timezone.now() - timedelta(days=99))
    call_command("purge_drafts")
    assert "Raderade 1 utkast" in capsys.readouterr().out


def test_audit_events_cannot_be_changed_or_deleted(make_draft, caseworker):
    event = AuditEvent.objects.create(actor=caseworker, action=AuditEvent.Action.CONTACT_VIEWED)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


class TestContactRetention:
    def _age(self, contact, days):
        from referrals.models import Contact

        past = timezone.now() - timedelta(days=days)
        Contact.objects.filter(pk=contact.pk).update(created_at=past)

    def test_a_finished_contact_past_retention_is_anonymised(
        self, make_referral, consultant, settings
    ):
        from referrals.models import Contact, Referral

        settings.CONTACT_RETENTION_DAYS = 365
        referral = make_referral(
            status="closed",
            relative={"pseudonym": "Leila"},
            needs={"needs_note": "Sonen sitter häktad"},
        )
        Referral.objects.filter(pk=referral.pk).update(
            closed_at=timezone.now() - timedelta(days=400)
        )
        self._age(referral.contact, 500)

        call_command("apply_retention")

        contact = Contact.objects.get(pk=referral.contact.pk)
        assert contact.anonymised_at is not None
        assert contact.pseudonym == "" and contact.needs_note == ""
        assert contact.relation == "parent"  # categories stay for the statistics
        event = AuditEvent.objects.get(action=AuditEvent.Action.RETENTION_APPLIED)
        assert event.details["anonymised_contacts"] == 1

    def test_an_open_referral_keeps_its_contact(self, make_referral, settings):
        settings.CONTACT_RETENTION_DAYS = 365
        referral = make_referral(status="in_progress", relative={"pseudonym": "Leila"})
        self._age(referral.contact, 500)
        from referrals.services import apply_retention

        assert apply_retention() == 0

    def test_a_recently_closed_referral_keeps_its_contact(self, make_referral, settings):
        from referrals.models import Referral
        from referrals.services import apply_retention

        settings.CONTACT_RETENTION_DAYS = 365
        referral = make_referral(status="closed")
        Referral.objects.filter(pk=referral.pk).update(closed_at=timezone.now())
        self._age(referral.contact, 500)
        assert apply_retention() == 0


def test_the_database_refuses_to_change_audit_events_on_both_databases(caseworker):
    """Below the ORM: raw SQL hits the triggers (PostgreSQL since 0002, SQLite since 0005)."""
    from django.db import DatabaseError, connection, transaction

    event = AuditEvent.objects.create(actor=caseworker, action=AuditEvent.Action.CONTACT_VIEWED)
    for statement in (
        "UPDATE referrals_auditevent SET action = 'contact_printed' WHERE id = %s",
        "DELETE FROM referrals_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.CONTACT_VIEWED


def test_bulk_updates_and_deletes_of_audit_events_are_refused(caseworker):
    event = AuditEvent.objects.create(actor=caseworker, action=AuditEvent.Action.CONTACT_VIEWED)
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="contact_printed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.CONTACT_VIEWED


def test_the_administrator_searches_the_audit_trail_but_cannot_edit_it(client_as, caseworker):
    from django.urls import reverse

    from anhorigstod import roles

    AuditEvent.objects.create(
        actor=caseworker, action=AuditEvent.Action.CONTACT_VIEWED, contact_reference="AS-2026-77"
    )
    AuditEvent.objects.create(
        actor=caseworker, action=AuditEvent.Action.CONTACT_VIEWED, contact_reference="AS-2026-88"
    )
    client = client_as(roles.ADMINISTRATOR)
    url = reverse("admin:referrals_auditevent_changelist")
    page = client.get(url, {"q": "AS-2026-77"}).content.decode()
    assert "AS-2026-77" in page and "AS-2026-88" not in page
    event = AuditEvent.objects.first()
    change = client.post(reverse("admin:referrals_auditevent_change", args=[event.pk]), {})
    assert change.status_code == 403
    delete = client.post(
        reverse("admin:referrals_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    # The two events are untouched (creating and signing in users added their own).
    assert AuditEvent.objects.filter(contact_reference__startswith="AS-2026-").count() == 2


def test_the_administrator_cannot_read_case_notes(client_as):
    from django.urls import NoReverseMatch, reverse

    from anhorigstod import roles

    client = client_as(roles.ADMINISTRATOR)
    for model in ("contact", "referral", "supportsession", "consent"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:referrals_{model}_changelist")
    assert "Kontakter" not in client.get(reverse("admin:index")).content.decode()
