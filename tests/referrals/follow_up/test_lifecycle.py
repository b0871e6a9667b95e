"""The referral lifecycle: each move, who may make it, and concurrent changes."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anhorigstod import roles
from audit.models import AuditEvent
from guidance.models import District, InternalProvider
from referrals.follow_up import lifecycle, services
from referrals.models import Notification, Referral, StaffProfile
from tests.factories import CONSENTED_CONTACT_STEPS

pytestmark = pytest.mark.django_db

MOVE_FIELDS = {
    "decline": {"decline_reason": "no_capacity"},
    "book_first_talk": {"first_talk_on": "2026-12-01"},
    "rebook_first_talk": {"first_talk_on": "2026-12-01"},
    "close": {"outcome": "needs_met"},
    "forward": {"forward_to_provider": "city-treatment-unit"},
}
ALREADY_WITHDRAWN = (
    "Samtycket är redan återkallat och alla som har hänvisningar från kontakten har fått "
    "besked om det. Inget mer har registrerats."
)
CASES = [(action, status) for action in lifecycle.TRANSITIONS for status in Referral.Status.values]


def _typed(action):
    fields = dict(MOVE_FIELDS.get(action, {}))
    if "first_talk_on" in fields:
        fields["first_talk_on"] = date(2026, 12, 1)
    if "forward_to_provider" in fields:
        fields["forward_to_provider"] = InternalProvider.objects.get(key="city-treatment-unit")
    return fields


@pytest.mark.parametrize(("action", "status"), CASES)
def test_each_move_is_open_exactly_from_its_sources(make_referral, consultant, action, status):
    referral = make_referral(status=status)
    transition = lifecycle.TRANSITIONS[action]
    if status in transition.sources:
        moved = services.move_referral(
            referral=referral,
            action=action,
            user=consultant,
            expected_version=0,
            **_typed(action),
        )
        assert moved.status == transition.target
        assert getattr(moved, f"{transition.milestone}_by") == consultant
        assert getattr(moved, f"{transition.milestone}_at") is not None
        assert AuditEvent.objects.filter(
            action=transition.audit_action, referral_reference=referral.reference
        ).exists()
    else:
        with pytest.raises(services.NotAllowedNow):
            services.move_referral(
                referral=referral,
                action=action,
                user=consultant,
                expected_version=0,
                **_typed(action),
            )
        referral.refresh_from_db()
        assert referral.status == status


@pytest.mark.parametrize("action", ["accept", "decline", "close"])
def test_the_referring_caseworker_is_told(make_referral, consultant, caseworker, action):
    status = "in_progress" if action == "close" else "received"
    referral = make_referral(status=status)
    services.move_referral(
        referral=referral, action=action, user=consultant, expected_version=0, **_typed(action)
    )
    note = Notification.objects.get(recipient=caseworker, referral=referral)
    assert referral.reference in note.message


def test_two_people_changing_one_referral_are_told_not_overwritten(
    client, make_referral, consultant
):
    referral = make_referral(status="received")
    client.force_login(consultant)
    url = reverse("referrals:referral_move", args=[referral.reference, "accept"])
    first = client.post(url, {"version": 0})
    second = client.post(
        reverse("referrals:referral_move", args=[referral.reference, "decline"]),
        {"version": 0, "decline_reason": "no_capacity"},
        follow=True,
    )
    assert first.status_code == 302
    assert second.redirect_chain == [(referral.get_absolute_url(), 302)]
    assert "Någon annan har ändrat hänvisningen" in second.content.decode()
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert referral.decline_reason == ""


def test_opening_a_sent_referral_marks_it_received_and_logs_the_view(
    client, make_referral, consultant
):
    referral = make_referral()
    client.force_login(consultant)
    page = client.get(referral.get_absolute_url())
    assert page.status_code == 200
    referral.refresh_from_db()
    assert referral.status == "received"
    assert referral.received_by == consultant
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REFERRAL_VIEWED,
        actor=consultant,
        referral_reference=referral.reference,
    ).exists()


def test_opening_is_idempotent_the_second_opener_finds_it_received(make_referral, consultant):
    referral = make_referral()
    stale = Referral.objects.get(pk=referral.pk)  # what a second, simultaneous opener read

    assert services.receive_on_opening(referral=referral, user=consultant) is True
    assert services.receive_on_opening(referral=stale, user=consultant) is False

    referral.refresh_from_db()
    assert referral.status == "received" and referral.version == 1
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.REFERRAL_RECEIVED, referral_reference=referral.reference
        ).count()
        == 1
    )


def test_a_consultant_in_another_district_gets_not_found(client, make_referral, make_user):
    referral = make_referral()
    other = make_user(roles.CONSULTANT, username="annan")
    StaffProfile.objects.create(
        user=other,
        district=District.objects.get(key="bromma"),
        provider=InternalProvider.objects.get(key="relative-support-consultant"),
    )
    client.force_login(other)
    assert client.get(referral.get_absolute_url()).status_code == 404
    assert client.get("/referrals/AS-0000-000000-9/").status_code == 404
    assert referral.reference not in client.get(reverse("referrals:inbox")).content.decode()


@pytest.mark.parametrize("role", [roles.CASEWORKER, roles.ADMINISTRATOR])
def test_other_roles_may_not_open_a_referral(client, make_referral, make_user, role):
    referral = make_referral()
    client.force_login(make_user(role, username="x"))
    assert client.get(referral.get_absolute_url()).status_code == 403


def test_a_bad_move_form_is_explained_in_swedish(client, make_referral, consultant):
    referral = make_referral(status="received")
    client.force_login(consultant)
    response = client.post(
        reverse("referrals:referral_move", args=[referral.reference, "decline"]),
        {"version": 0},
        follow=True,
    )
    assert response.redirect_chain == [(referral.get_absolute_url(), 302)]  # PRG
    assert "Välj ett skäl." in response.content.decode()


def test_forwarding_creates_a_referral_for_the_new_unit(make_referral, consultant):
    referral = make_referral(status="received")
    moved = services.move_referral(
        referral=referral,
        action="forward",
        user=consultant,
        expected_version=0,
        forward_to_provider=InternalProvider.objects.get(key="family-therapist"),
        forward_to_district=District.objects.get(key="farsta"),
    )
    assert moved.forwarded_to.provider.key == "family-therapist"
    assert moved.forwarded_to.status == "sent"
    assert moved.forwarded_to.contact == referral.contact


class TestSessions:
    def test_logging_sessions_moves_the_support_under_way(self, make_referral, consultant):
        referral = make_referral(status="accepted")
        services.log_session(
            referral=referral,
            user=consultant,
            expected_version=0,
            held_on=date(2026, 11, 20),
            form="phone",
            attended=True,
            minutes=45,
            ors_score=18,
            note="",
            concerns="",
        )
        referral.refresh_from_db()
        assert referral.status == "in_progress"
        assert referral.sessions.count() == 1

    def test_an_ors_score_out_of_range_is_explained(self, client, make_referral, consultant):
        referral = make_referral(status="in_progress")
        client.force_login(consultant)
        response = client.post(
            reverse("referrals:referral_session", args=[referral.reference]),
            {"version": 0, "held_on": "2026-11-20", "form": "phone", "ors_score": "41"},
            follow=True,
        )
        assert response.redirect_chain == [(referral.get_absolute_url(), 302)]  # PRG
        assert "ORS kan inte vara högre än 40." in response.content.decode()
        assert 'value="41"' in response.content.decode()
        assert not referral.sessions.exists()

    def test_a_swedish_decimal_comma_is_accepted(self, client, make_referral, consultant):
        referral = make_referral(status="in_progress")
        client.force_login(consultant)
        client.post(
            reverse("referrals:referral_session", args=[referral.reference]),
            {
                "version": 0,
                "held_on": "2026-11-20",
                "form": "visit",
                "ors_score": "23,5",
                "attended": "on",
            },
        )
        assert str(referral.sessions.get().ors_score) == "23.5"

    def test_concerns_reach_the_referring_caseworker(self, make_referral, consultant, caseworker):
        referral = make_referral(status="in_progress")
        services.log_session(
            referral=referral,
            user=consultant,
            expected_version=0,
            held_on=date(2026, 11, 20),
            form="visit",
            attended=True,
            minutes=None,
            ors_score=None,
            note="",
            concerns="Oro för yngre syskon",
        )
        assert Notification.objects.filter(recipient=caseworker, referral=referral).exists()

    def test_the_ors_chart_shows_the_change(self, client, make_referral, consultant):
        referral = make_referral(status="in_progress")
        for day, score in (("2026-11-01", 12), ("2026-11-15", 25)):
            referral.refresh_from_db()
            services.log_session(
                referral=referral,
                user=consultant,
                expected_version=referral.version,
                held_on=date.fromisoformat(day),
                form="phone",
                attended=True,
                minutes=30,
                ors_score=score,
                note="",
                concerns="",
            )
        client.force_login(consultant)
        page = client.get(referral.get_absolute_url()).content.decode()
        assert "<polyline" in page
        assert re.search(r"2026-11-01: 12;\s+2026-11-15: 25", page)


class TestConsentWithdrawal:
    CONSENT = CONSENTED_CONTACT_STEPS

    def test_withdrawal_is_recorded_told_and_stops_contact(
        self, make_referral, consultant, caseworker
    ):
        referral = make_referral(status="accepted", **self.CONSENT)
        consent = referral.contact.consents.get()
        services.withdraw_consent(
            consent=consent, user=caseworker, withdrawn_on=date(2026, 11, 22), scope="All kontakt"
        )
        consent.refresh_from_db()
        assert consent.withdrawn_on is not None
        assert Notification.objects.filter(recipient=consultant, referral=referral).exists()
        with pytest.raises(services.NotAllowedNow):
            services.move_referral(
                referral=referral,
                action="book_first_talk",
                user=consultant,
                expected_version=0,
                **_typed("book_first_talk"),
            )

    def test_the_receiver_sees_the_withdrawal(self, client, make_referral, consultant, caseworker):
        referral = make_referral(status="accepted", **self.CONSENT)
        client.force_login(caseworker)
        response = client.post(
            reverse("referrals:contact_withdraw_consent", args=[referral.contact.reference]),
            {
                "consent": referral.contact.consents.get().pk,
                "withdrawn_on": "2026-11-22",
                "scope": "All kontakt",
            },
        )
        assert response.status_code == 302
        client.force_login(consultant)
        page = client.get(referral.get_absolute_url()).content.decode()
        assert "Samtycket till kontakt med den anhöriga är återkallat" in page
        assert "Återkallat 2026-11-22" in page

    @pytest.mark.parametrize("route", ["contact", "referral"])
    def test_withdrawing_twice_is_told_once_and_recorded_once(
        self, client, make_referral, consultant, caseworker, route
    ):
        referral = make_referral(status="accepted", **self.CONSENT)
        consent = referral.contact.consents.get()
        if route == "contact":
            client.force_login(caseworker)
            url = reverse("referrals:contact_withdraw_consent", args=[referral.contact.reference])
        else:
            client.force_login(consultant)
            url = reverse("referrals:referral_withdraw_consent", args=[referral.reference])
        first = {"consent": consent.pk, "withdrawn_on": "2026-11-22", "scope": "All kontakt"}
        second = {**first, "withdrawn_on": "2026-11-23", "scope": "Bara brev"}

        before = Notification.objects.count()
        client.post(url, first)  # the first tab
        told = Notification.objects.count() - before
        again = client.post(url, second, follow=True)  # the second, opened before the first

        assert told == 2  # the receiving consultant and the referring caseworker
        assert Notification.objects.count() - before == told
        assert AuditEvent.objects.filter(action=AuditEvent.Action.CONSENT_WITHDRAWN).count() == 1
        assert ALREADY_WITHDRAWN in again.content.decode()
        consent.refresh_from_db()
        assert (consent.withdrawn_on, consent.withdrawal_scope) == (
            date(2026, 11, 22),
            "All kontakt",
        )

    def test_only_consents_in_force_are_offered(self, make_referral, caseworker):
        from referrals.follow_up.forms import WithdrawConsentForm

        referral = make_referral(status="accepted", **self.CONSENT)
        consent = referral.contact.consents.get()
        assert [
            value
            for value, _label in WithdrawConsentForm(contact=referral.contact)
            .fields["consent"]
            .choices
        ] == [consent.pk]
        services.withdraw_consent(
            consent=consent, user=caseworker, withdrawn_on=date(2026, 11, 22), scope="All"
        )
        assert list(WithdrawConsentForm(contact=referral.contact).fields["consent"].choices) == []


def test_the_caseworker_records_an_external_outcome(client, make_draft, caseworker):
    from referrals.intake.services import submit_draft

    contact = submit_draft(
        draft=make_draft(referral={"internal": [], "external": ["fryshuset-passus-anhorig"]}),
        user=caseworker,
    )
    referral = contact.referrals.get()
    client.force_login(caseworker)
    assert referral.reference in client.get(reverse("referrals:my_contacts")).content.decode()
    client.post(
        reverse("referrals:contact_external_outcome", args=[referral.reference]),
        {"outcome": "got_help"},
    )
    referral.refresh_from_db()
    assert referral.external_outcome == "got_help"
    assert referral.external_outcome_by == caseworker


def test_follow_up_lists_referrals_without_a_first_talk_in_time(
    client, make_referral, consultant, settings
):
    from datetime import timedelta

    from django.utils import timezone

    settings.FIRST_TALK_WITHIN_DAYS = 14
    late, fresh = make_referral(status="accepted"), make_referral(status="accepted")
    Referral.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=20))
    client.force_login(consultant)
    page = client.get(reverse("referrals:follow_up")).content.decode()
    assert late.reference in page
    assert fresh.reference not in page


def test_inbox_query_count_does_not_grow(client, make_referral, consultant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_referral()
    client.force_login(consultant)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("referrals:inbox"))
    for _ in range(4):
        make_referral()
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("referrals:inbox"))
    assert response.content.decode().count('<th scope="row">') == 5
    assert len(many) == len(few)


def test_the_inbox_shows_referrals_in_progress_unless_finished_ones_are_asked_for(
    client, make_referral, consultant
):
    working, closed = make_referral(status="accepted"), make_referral(status="closed")
    client.force_login(consultant)

    def shown(query: str = "") -> set[str]:
        rows = client.get(reverse("referrals:inbox") + query).context["rows"]
        return {row.referral.reference for row in rows}

    assert shown() == {working.reference}
    assert shown("?status=all") == {working.reference, closed.reference}
    assert shown("?status=closed") == {closed.reference}


def test_the_consultant_is_told_of_a_new_referral_in_the_inbox(client, make_referral, consultant):
    referral = make_referral()
    client.force_login(consultant)
    response = client.get(reverse("referrals:inbox"))
    assert f"Ny hänvisning {referral.reference}" in response.content.decode()
    shown = [notification.pk for notification in response.context["notifications"].shown]
    client.post(reverse("referrals:notifications_read"), {"notification": shown})
    assert (
        f"Ny hänvisning {referral.reference}"
        not in client.get(reverse("referrals:inbox")).content.decode()
    )


def test_the_newest_notifications_are_shown_and_older_ones_wait_their_turn(
    client, consultant, caseworker
):
    from referrals.follow_up.selectors import NOTIFICATIONS_SHOWN
    from referrals.models import Notification

    for number in range(NOTIFICATIONS_SHOWN + 2):
        Notification.objects.create(recipient=consultant, message=f"Meddelande nr {number}")
    someone_elses = Notification.objects.create(recipient=caseworker, message="Inte ditt")
    client.force_login(consultant)

    response = client.get(reverse("referrals:inbox"))

    page = response.content.decode()
    unread = response.context["notifications"]
    assert unread.total == NOTIFICATIONS_SHOWN + 2
    assert [n.message for n in unread.shown][:2] == ["Meddelande nr 11", "Meddelande nr 10"]
    assert "Meddelande nr 1<" not in page and "Meddelande nr 0" not in page
    assert "och 2 äldre olästa meddelanden" in page
    ids = [n.pk for n in unread.shown]
    client.post(
        reverse("referrals:notifications_read"),
        {"notification": [*ids, someone_elses.pk, "x", "²"]},
    )
    client.post(reverse("referrals:notifications_read"), {"notification": ids})  # a double click

    later = client.get(reverse("referrals:inbox"))
    assert [n.message for n in later.context["notifications"].shown] == [
        "Meddelande nr 1",
        "Meddelande nr 0",
    ]
    assert "äldre olästa" not in later.content.decode()
    someone_elses.refresh_from_db()
    assert someone_elses.read_at is None


def test_the_newest_notifications_and_how_many_in_all_come_in_one_query(consultant):
    from referrals.follow_up.selectors import NOTIFICATIONS_SHOWN, unread_notifications

    assert unread_notifications(user=consultant).total == 0
    for number in range(NOTIFICATIONS_SHOWN + 3):
        Notification.objects.create(recipient=consultant, message=f"Meddelande nr {number}")
    with CaptureQueriesContext(connection) as queries:
        unread = unread_notifications(user=consultant)
    assert len(queries) == 1
    assert (len(unread.shown), unread.total) == (NOTIFICATIONS_SHOWN, NOTIFICATIONS_SHOWN + 3)
