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
