"""Writes that belong together are one transaction: a failure halfway leaves nothing.

Each test lets the service write part of its rows, then fails, and checks the
database is exactly as before. (Submitting a draft: tests/referrals/intake/
test_guided_path.py::test_a_submit_that_fails_halfway_leaves_nothing.)
"""

import datetime

import pytest
from django.db.models.signals import post_save

from audit.models import AuditEvent
from guidance.models import District, InternalProvider
from referrals.follow_up import services
from referrals.models import Consent, Notification, Referral

pytestmark = pytest.mark.django_db

CONSENT_GIVEN = {
    "consent": {
        "consent_given": "yes",
        "given_by": "Den anhöriga",
        "scope": "Kontakt per telefon",
        "given_on": "2026-11-19",
        "method": "oral",
    }
}


class DiskFull(Exception):
    pass


def snapshot() -> dict:
    return {
        "referrals": list(Referral.objects.order_by("pk").values()),
        "consents": list(Consent.objects.order_by("pk").values()),
        "audit_events": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
    }


def test_a_forward_that_fails_while_creating_the_new_referral_leaves_nothing(
    make_referral, consultant
):
    referral = make_referral("accepted")
    before = snapshot()

    def fail_after_insert(sender, instance, created, **kwargs):
        if created:  # the forwarded referral's row is written; now the disk fills up
            raise DiskFull()

    post_save.connect(fail_after_insert, sender=Referral, dispatch_uid="disk-full")
    try:
        with pytest.raises(DiskFull):
            services.move_referral(
                referral=referral,
                action="forward",
                user=consultant,
                expected_version=referral.version,
                forward_to_provider=InternalProvider.objects.get(key="family-therapist"),
                forward_to_district=District.objects.get(key="farsta"),
            )
    finally:
        post_save.disconnect(sender=Referral, dispatch_uid="disk-full")

    assert snapshot() == before
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.forwarded_to is None
    assert referral.forwarded_at is None


def test_a_consent_withdrawal_that_fails_while_notifying_leaves_nothing(
    make_referral, consultant, caseworker, monkeypatch
):
    referral = make_referral("accepted", **CONSENT_GIVEN)
    consent = referral.contact.consents.get(purpose=Consent.Purpose.CONTACT_RELATIVE)
    before = snapshot()
    notify = services.notify

    def notify_then_fail(**kwargs):
        notify(**kwargs)  # the notifications are written; then the disk fills up
        assert Notification.objects.count() > before["notifications"]
        raise DiskFull()

    monkeypatch.setattr(services, "notify", notify_then_fail)
    with pytest.raises(DiskFull):
        services.withdraw_consent(
            consent=consent,
            user=caseworker,
            withdrawn_on=datetime.date(2026, 11, 24),
            scope="All kontakt",
        )

    assert snapshot() == before
    consent.refresh_from_db()
    assert consent.is_active and consent.withdrawal_scope == ""
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CONSENT_WITHDRAWN).exists()
