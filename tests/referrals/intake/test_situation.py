"""The situation first: the first step's event, the conditions the steps apply by,
and "Gör nu" computed from the guidance for the situation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from referrals.intake import actions, journey, navigation, situation
from referrals.intake.examples import example_answers
from referrals.intake.forms import FirstContactForm
from referrals.models import Contact
from tests.referrals.intake.test_guided_path import post_step, start, step_url

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CRISIS = {"crisis_support_now": "yes", "flo_contact": "unknown"}


def _shooting(district="rinkeby-kista", days_ago=3, **first):
    event_date = TODAY - datetime.timedelta(days=days_ago)
    return {
        "contact_date": TODAY.isoformat(),
        "district": district,
        "entry_route": "information-other-way",
        "target_groups": ["shootings-and-lethal-violence"],
        "event_kind": "shooting",
        "event_date": event_date.isoformat(),
        **first,
    }


def _answers(**steps) -> journey.Answers:
    return journey.Answers(example_answers(**steps))


# --- The first step -----------------------------------------------------------------


def _first_step_errors(**values) -> dict:
    form = FirstContactForm(data={**example_answers()["first-contact"], **values})
    form.is_valid()
    return form.errors


def test_the_first_step_asks_target_groups_and_the_event():
    errors = _first_step_errors(target_groups=[], event_kind="")
    assert errors["target_groups"] == ["Välj minst en målgrupp."]
    assert errors["event_kind"] == ["Välj vad som har hänt, eller att inget sådant har hänt."]


@pytest.mark.parametrize(
    ("event_date", "message"),
    [
        ("", "Ange när händelsen inträffade."),
        ((TODAY + datetime.timedelta(days=1)).isoformat(), "Datumet kan inte ligga i framtiden."),
        ("1850-01-01", "Datumet kan inte ligga mer än 10 år bakåt i tiden. Kontrollera årtalet."),
        ("31/12/2025", "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-14."),
    ],
)
def test_an_event_needs_a_sensible_date(event_date, message):
    errors = _first_step_errors(**_shooting(event_date=event_date))
    assert errors["event_date"] == [message]


def test_the_event_cannot_come_after_the_contact():
    errors = _first_step_errors(**_shooting(contact_date=(TODAY - datetime.timedelta(days=5))))
    assert errors["event_date"] == ["Händelsen kan inte ha inträffat efter kontakten."]


def test_the_contact_date_cannot_be_absurdly_old():
    errors = _first_step_errors(contact_date="0001-01-01")
    assert errors["contact_date"] == [
        "Datumet kan inte ligga mer än 10 år bakåt i tiden. Kontrollera årtalet."
    ]


def test_no_event_keeps_no_date():
    form = FirstContactForm(
        data={**example_answers()["first-contact"], "event_date": TODAY.isoformat()}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["event_date"] is None


# --- Conditions ---------------------------------------------------------------------


def test_recent_serious_violence_for_a_recent_shooting_or_lethal_violence():
    assert situation.recent_serious_violence(_answers(**{"first-contact": _shooting()}))
    lethal = _shooting(event_kind="lethal_violence")
    assert situation.recent_serious_violence(_answers(**{"first-contact": lethal}))


@pytest.mark.parametrize(
    "first",
    [
        {},  # the example: no event
        _shooting(event_kind="other_violence"),
        _shooting(days_ago=situation.RECENT_EVENT_DAYS + 1),
    ],
    ids=["no-event", "other-violence", "long-ago"],
)
def test_recent_serious_violence_not_for_other_situations(first):
    assert not situation.recent_serious_violence(_answers(**{"first-contact": first}))


def test_has_event_for_and_against():
    other = _shooting(event_kind="other_violence")
    assert situation.has_event(_answers(**{"first-contact": other}))
    assert not situation.has_event(_answers())


def test_is_threatened_for_and_against():
    assert situation.is_threatened(_answers(threats={"threatened": "yes"}))
    assert not situation.is_threatened(_answers())


def test_the_crisis_step_applies_only_after_a_recent_shooting(caseworker):
    shooting = _answers(**{"first-contact": _shooting()})
    assert "crisis" in [step.slug for step in navigation.steps_for(shooting)]
    assert "crisis" not in [step.slug for step in navigation.steps_for(_answers())]
    crisis = journey.STEP_BY_SLUG["crisis"]
    assert crisis.applies is situation.recent_serious_violence
    assert navigation.next_step(journey.STEP_BY_SLUG["first-contact"], shooting) == crisis


# --- "Gör nu" ------------------------------------------------------------------------


def _texts(do_now: actions.DoNow) -> str:
    return "\n".join(
        [a.text for a in do_now.actions]
        + [line.action for a in do_now.actions for line in a.steps]
        + [line.responsible for a in do_now.actions for line in a.steps]
    )


def test_do_now_after_a_shooting_in_rinkeby_kista_gives_its_routine_and_flo():
    do_now = journey.do_now_for(_answers(**{"first-contact": _shooting()}))
    texts = _texts(do_now)
    assert actions.MIN_ACTIONS <= len(do_now.actions) <= actions.MAX_ACTIONS
    assert "Uppsökande arbete efter skjutning" in texts
    assert "erbjuder ett hembesök för att beklaga sorgen" in texts  # the routine's step 4
    assert "Biträdande enhetschef för SIG vuxna" in texts  # who does it
    assert "FLO" in texts
    assert do_now.notes == []
    urls = [a.url for a in do_now.actions]
    assert reverse("guidance:good_practice_detail", args=["polisens-flo"]) in urls
    routine_url = reverse("guidance:district_detail", args=["rinkeby-kista"])
    assert any(url.startswith(routine_url + "#") for url in urls)


def test_do_now_in_sodermalm_falls_back_to_the_city_default_with_a_note():
    do_now = journey.do_now_for(_answers(**{"first-contact": _shooting(district="sodermalm")}))
    texts = _texts(do_now)
    assert "Stadens standardrutin efter skjutning eller dödligt våld" in texts
    assert "Uppsökande arbete efter skjutning" not in texts
    assert do_now.notes == [
        "Södermalms stadsdelsförvaltning har ingen egen rutin efter skjutning eller "
        "dödligt våld i vägledningen. Stadens standardrutin gäller."
    ]


def test_do_now_without_an_event_has_no_routine_nor_flo():
    do_now = journey.do_now_for(_answers())
    texts = _texts(do_now)
    assert "FLO" not in texts and "rutin" not in texts.lower()
    assert actions.MIN_ACTIONS <= len(do_now.actions) <= actions.MAX_ACTIONS
    # The entry route's first step, the need's support form and the group's first point.
    assert texts.startswith("Lyssna in")
    assert any(a.link_label == "Råd och stöd" for a in do_now.actions)
    assert any(a.link_label == "Kriminell livsstil" for a in do_now.actions)


def test_do_now_puts_protection_first_for_a_threatened_relative():
    do_now = journey.do_now_for(_answers(threats={"threatened": "yes", "police_report": "made"}))
    assert do_now.actions[0] == actions.protection()


def test_do_now_before_the_situation_is_known_is_empty():
    assert not journey.do_now_for(journey.Answers({}))


def test_do_now_costs_at_most_two_queries():
    answers = _answers(**{"first-contact": _shooting()})
    answers.step("first-contact")  # the answers are read once for the page anyway
    with CaptureQueriesContext(connection) as queries:
        journey.do_now_for(answers)
    assert len(queries) <= 2


# --- Pages ----------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def test_a_shooting_walks_through_the_crisis_step_and_is_recorded(signed_in):
    draft = start(signed_in)
    answers = example_answers(
        **{"first-contact": _shooting()},
        crisis=CRISIS,
        referral={"internal": ["relative-support-consultant@rinkeby-kista"]},
    )
    response = post_step(signed_in, draft, "first-contact", answers["first-contact"])
    assert response["Location"] == step_url(draft, "crisis")
    page = signed_in.get(step_url(draft, "crisis")).content.decode()
    assert "Gör nu" in page and "erbjuder ett hembesök" in page
    assert "Family Liaison Officer" in page
    for step in navigation.steps_for(journey.Answers(answers))[1:]:
        assert post_step(signed_in, draft, step.slug, answers[step.slug]).status_code == 302
    check = signed_in.get(reverse("referrals:draft_check", args=[draft.pk])).content.decode()
    assert "Gör nu" in check and "erbjuder ett hembesök" in check

    signed_in.post(reverse("referrals:draft_check", args=[draft.pk]))
    contact = Contact.objects.get()
    assert contact.event_kind == "shooting"
    assert contact.event_date == TODAY - datetime.timedelta(days=3)
    assert contact.crisis_support_now is True
    assert contact.flo_contact == "unknown"
    assert [group.key for group in contact.target_groups.all()] == ["shootings-and-lethal-violence"]
    detail = signed_in.get(contact.get_absolute_url()).content.decode()
    assert "Gör nu" in detail and "erbjuder ett hembesök" in detail
    assert "Skjutning" in detail and "Kontakt med polisens FLO" in detail


def test_without_an_event_the_crisis_step_is_skipped_and_nothing_is_stored(signed_in):
    draft = start(signed_in)
    answers = example_answers()
    response = post_step(signed_in, draft, "first-contact", answers["first-contact"])
    assert response["Location"] == step_url(draft, "relative")
    assert signed_in.get(step_url(draft, "crisis")).status_code == 302
    for step in navigation.steps_for(journey.Answers(answers))[1:]:
        post_step(signed_in, draft, step.slug, answers[step.slug])
    signed_in.post(reverse("referrals:draft_check", args=[draft.pk]))
    contact = Contact.objects.get()
    assert (contact.event_kind, contact.event_date) == ("", None)
    assert (contact.crisis_support_now, contact.flo_contact) == (False, "")


def test_the_threats_step_shows_protection_first(signed_in):
    draft = start(signed_in)
    answers = example_answers()
    for step in navigation.steps_for(journey.Answers(answers)):
        if step.slug == "threats":
            break
        post_step(signed_in, draft, step.slug, answers[step.slug])
    page = signed_in.get(step_url(draft, "threats")).content.decode()
    assert "Skydd först" in page
    assert page.index("Skydd först") < page.index('name="threatened"')


def test_anonymising_a_contact_drops_the_events_date(make_referral, settings):
    from datetime import timedelta

    from django.core.management import call_command

    from referrals.models import Referral

    settings.CONTACT_RETENTION_DAYS = 365
    referral = make_referral(
        status="closed", **{"first-contact": _shooting(district="farsta")}, crisis=CRISIS
    )
    assert referral.contact.event_date is not None
    Referral.objects.filter(pk=referral.pk).update(closed_at=timezone.now() - timedelta(days=400))
    Contact.objects.filter(pk=referral.contact.pk).update(
        created_at=timezone.now() - timedelta(days=500)
    )

    call_command("apply_retention")

    contact = Contact.objects.get(pk=referral.contact.pk)
    assert contact.anonymised_at is not None
    assert contact.event_date is None
    assert contact.event_kind == "shooting"  # a category the statistics may count


def test_open_drafts_keep_their_target_groups_when_the_question_moves(caseworker):
    import importlib
    import uuid

    from django.apps import apps

    from referrals.models import Draft

    old = example_answers()
    old["relative"]["target_groups"] = old["first-contact"].pop("target_groups")
    draft = Draft.objects.create(
        owner=caseworker, start_token=uuid.uuid4(), path_version="2026.11-1", answers=old
    )
    migration = importlib.import_module("referrals.migrations.0011_situation")
    migration.move_target_groups_to_the_first_step(apps, None)

    draft.refresh_from_db()
    assert draft.answers["first-contact"]["target_groups"] == ["criminal-lifestyle"]
    assert "target_groups" not in draft.answers["relative"]
