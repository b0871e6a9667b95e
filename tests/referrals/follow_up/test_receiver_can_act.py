"""The receiver can act on a referral without calling back: what the page shows,
urgency in the inbox, and the same-caseworker rule on the receiving side."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from guidance.models import District, InternalProvider
from referrals.follow_up import selectors, urgency
from referrals.intake import checkpoints, journey
from referrals.intake.examples import example_answers
from referrals.models import Contact, Referral, StaffProfile

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 29)
THREATENED = {
    "threats": {"threatened": "yes", "police_report": "made", "risk_analysis_requested": True}
}
CHILD_AT_RISK = {
    "children": {
        "children_in_household": "yes",
        "children_ages": "4, 12",
        "child_at_risk": "yes",
        "report_made_on": "2026-11-19",
        "report_made_to": "Farstas mottagning för barn och unga",
    }
}
CRISIS = {"needs": {"needs": ["crisis"]}}


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


class TestUrgencyRule:
    @pytest.mark.parametrize(
        ("fields", "keys"),
        [
            ({}, []),
            ({"threatened": True}, ["threat"]),
            ({"child_at_risk": True}, ["child_at_risk"]),
            ({"needs": ["crisis"]}, ["crisis"]),
            ({"needs": ["advice"]}, []),
            ({"threatened": True, "needs": ["crisis"]}, ["threat", "crisis"]),
            ({"crisis_support_now": True}, ["crisis"]),
        ],
    )
    def test_the_reasons(self, fields, keys):
        contact = Contact(**fields)
        assert [reason.key for reason in urgency.reasons(contact, today=TODAY)] == keys
        assert urgency.is_urgent(contact, today=TODAY) is bool(keys)

    @pytest.mark.parametrize(
        ("kind", "days_ago", "urgent"),
        [
            ("shooting", 3, True),
            ("lethal_violence", urgency.RECENT_EVENT_DAYS, True),
            ("shooting", urgency.RECENT_EVENT_DAYS + 1, False),
            ("none", 1, False),
            ("", 1, False),
        ],
    )
    def test_a_recent_event_is_a_crisis_now(self, kind, days_ago, urgent):
        contact = Contact(event_kind=kind, event_date=TODAY - timedelta(days=days_ago))
        assert urgency.is_urgent(contact, today=TODAY) is urgent

    def test_the_labels_are_words(self):
        contact = Contact(threatened=True, child_at_risk=True, needs=["crisis"])
        assert [str(r.label) for r in urgency.reasons(contact, today=TODAY)] == [
            "hot mot den anhöriga",
            "oro för att ett barn far illa",
            "kris nu",
        ]


class TestInbox:
    def _sent(self, make_referral, days_ago, **steps):
        referral = make_referral(**steps)
        Referral.objects.filter(pk=referral.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
        return referral.reference

    def test_urgent_first_then_oldest_first(self, make_referral, consultant):
        calm_old = self._sent(make_referral, 10)
        calm_new = self._sent(make_referral, 1)
        threatened = self._sent(make_referral, 2, **THREATENED)
        child = self._sent(make_referral, 5, **CHILD_AT_RISK)
        crisis = self._sent(make_referral, 3, **CRISIS)
        order = [r.reference for r in selectors.inbox(user=consultant, filters={})]
        assert order == [child, crisis, threatened, calm_old, calm_new]

    def test_the_database_and_the_rule_agree(self, make_referral, consultant):
        for steps in ({}, THREATENED, CHILD_AT_RISK, CRISIS, {"needs": {"needs": ["advice"]}}):
            make_referral(**steps)
        rows = selectors.inbox(user=consultant, filters={})
        for referral in rows:
            assert bool(referral.urgent) is urgency.is_urgent(referral.contact)

    def test_the_inbox_says_why_in_words(self, client, make_referral, consultant):
        make_referral(**THREATENED)
        make_referral()
        client.force_login(consultant)
        page = text(client.get(reverse("referrals:inbox")))
        assert "Brådskande: hot mot den anhöriga" in page
        assert page.count("Brådskande:") == 1


class TestTheReferralPage:
    def test_it_shows_what_the_receiver_needs(self, client, make_referral, consultant):
        referral = make_referral(
            **THREATENED,
            **CHILD_AT_RISK,
            needs={
                "needs": ["crisis", "practical"],
                "practical_matters": ["funeral"],
                "needs_note": "Sover inte sedan skjutningen",
            },
            **{
                "safe-contact": {
                    "contact_channel": "sms",
                    "contact_times": "Efter kl. 17",
                    "contact_avoid": "Ring inte hem",
                }
            },
        )
        client.force_login(consultant)
        page = text(client.get(reverse("referrals:referral_detail", args=[referral.reference])))
        assert "Brådskande: hot mot den anhöriga, oro för att ett barn far illa, kris nu." in page
        assert "Den anhöriga är hotad Ja" in page
        assert "Polisanmälan gjord" in page
        assert "Polisens riskanalys begärd" in page
        assert "Barn i hushållet Ja Barnens åldrar 4 och 12 år" in page
        assert "Oro för att ett barn far illa Ja" in page
        assert "Den anhöriga är ett barn Nej" in page
        assert "Krisstöd nu" in page and "Praktiska frågor" in page
        assert "Begravningsbyrå" in page
        assert "Sover inte sedan skjutningen" in page
        assert "Sms, Efter kl. 17" in page and "Ring inte hem" in page

    def test_a_calm_referral_says_no_threat(self, client, make_referral, consultant):
        referral = make_referral()
        client.force_login(consultant)
        page = text(client.get(reverse("referrals:referral_detail", args=[referral.reference])))
        assert "Brådskande" not in page
        assert "Den anhöriga är hotad Nej" in page
        assert "Barnens åldrar" not in page  # no children in the household


class TestTheReceiverIsNotThePersonsCaseworker:
    @pytest.fixture
    def persons_caseworker(self, make_user):
        """A caseworker for the related person who also receives Farsta's referrals
        to the relative support consultant."""
        user = make_user(roles.CASEWORKER, username="sam", first_name="Sam")
        StaffProfile.objects.create(
            user=user,
            district=District.objects.get(key="farsta"),
            provider=InternalProvider.objects.get(key="relative-support-consultant"),
        )
        return user

    def _answers(self, caseworker, **steps):
        first = {"is_known_to_service": "yes", "person_caseworker": str(caseworker.pk)}
        return journey.Answers(example_answers(**{"first-contact": first}, **steps))

    def test_the_unit_where_the_persons_caseworker_receives_is_blocked(
        self, caseworker, persons_caseworker
    ):
        with pytest.raises(checkpoints.ReceiverIsPersonsCaseworker) as blocked:
            checkpoints.require_receiver_not_persons_caseworker(
                self._answers(persons_caseworker), caseworker
            )
        assert "Sam, som tar emot hänvisningar till" in str(blocked.value.message)
        assert "är handläggare för den närstående" in str(blocked.value.message)
        assert str(blocked.value.instead).startswith("Välj en annan mottagare, till exempel ")

    def test_another_unit_passes(self, caseworker, persons_caseworker):
        answers = self._answers(
            persons_caseworker, referral={"internal": [], "external": ["fryshuset-passus-anhorig"]}
        )
        checkpoints.require_receiver_not_persons_caseworker(answers, caseworker)

    def test_a_caseworker_who_receives_nothing_passes(self, caseworker, make_user):
        other = make_user(roles.CASEWORKER, username="alex")
        checkpoints.require_receiver_not_persons_caseworker(self._answers(other), caseworker)

    def test_the_step_says_so_and_submit_refuses(
        self, client, caseworker, persons_caseworker, make_draft
    ):
        from referrals.intake import services

        draft = make_draft(
            **{
                "first-contact": {
                    "is_known_to_service": "yes",
                    "person_caseworker": str(persons_caseworker.pk),
                }
            }
        )
        client.force_login(caseworker)
        page = text(client.get(reverse("referrals:draft_step", args=[draft.pk, "referral"])))
        assert "Sam, som tar emot hänvisningar till" in page
        assert "Välj en annan mottagare" in page
        with pytest.raises(checkpoints.ReceiverIsPersonsCaseworker):
            services.submit_draft(draft=draft, user=caseworker)
        assert not Contact.objects.exists()


def test_the_referral_page_reads_no_password_hash_but_the_signed_in_users(
    client, make_referral, consultant
):
    """The caseworker who made the contact, the unit and the district are named: their
    names are read with the referral, not their whole rows (anhorigstod.columns)."""
    referral = make_referral()
    client.force_login(consultant)
    url = reverse("referrals:referral_detail", args=[referral.reference])
    client.get(url)  # received on opening; the second view is the everyday one
    with CaptureQueriesContext(connection) as page:
        shown = text(client.get(url))
    reading_passwords = [q["sql"] for q in page.captured_queries if '"password"' in q["sql"]]
    assert len(reading_passwords) == 1  # the session's user, as Django checks the session
    maker = referral.contact.created_by
    assert (maker.get_full_name() or maker.username) in shown
    assert referral.provider.name in shown
