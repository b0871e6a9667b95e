"""The lifecycle table row by row: each move's form, what it sets, what it records,
whom it tells, and the whole sentence that refuses it."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from guidance.models import InternalProvider
from referrals.follow_up import forms, lifecycle, services
from referrals.models import Notification, Referral
from tests.factories import CONSENTED_CONTACT_STEPS

pytestmark = pytest.mark.django_db

Status = Referral.Status
Kind = Notification.Kind


@dataclass(frozen=True)
class Row:
    """What one row of ``lifecycle.TRANSITIONS`` must do."""

    form: type[forms.VersionedForm]
    posted: dict[str, str] = field(default_factory=dict)  # valid form data besides the version
    sets: dict[str, object] = field(default_factory=dict)  # referral fields after the move
    details: dict[str, str] = field(default_factory=dict)  # audit details besides from/to
    caseworker_sentence: str | None = None  # with {reference} and {destination}
    refused: str = ""  # from any other status, named as {status}


DESTINATION = "Anhörigkonsulent (Farsta)"
# A first talk is booked for today or later (never in the past).
SOON = timezone.localdate() + timedelta(days=7)
ROWS = {
    "receive": Row(
        form=forms.VersionedForm,
        refused="Hänvisningen har status {status} och kan inte markeras som mottagen nu.",
    ),
    "accept": Row(
        form=forms.VersionedForm,
        caseworker_sentence="{reference} ({destination}): accepterad",
        refused="Hänvisningen har status {status} och kan inte accepteras nu.",
    ),
    "decline": Row(
        form=forms.DeclineForm,
        posted={"decline_reason": "no_capacity"},
        sets={"decline_reason": "no_capacity"},
        details={"reason": "no_capacity"},
        caseworker_sentence="{reference} ({destination}): avböjd",
        refused="Hänvisningen har status {status} och kan inte avböjas nu.",
    ),
    "forward": Row(
        form=forms.ForwardForm,
        posted={"forward_to_provider": "city-treatment-unit"},
        caseworker_sentence="{reference} ({destination}): vidarebefordrad",
        refused="Hänvisningen har status {status} och kan inte vidarebefordras nu.",
    ),
    "book_first_talk": Row(
        form=forms.BookFirstTalkForm,
        posted={"first_talk_on": SOON.isoformat()},
        sets={"first_talk_on": SOON},
        details={"first_talk_on": SOON.isoformat()},
        refused="Hänvisningen har status {status}, så första samtalet kan inte bokas nu.",
    ),
    "rebook_first_talk": Row(
        form=forms.RebookFirstTalkForm,
        posted={"first_talk_on": SOON.isoformat()},
        sets={"first_talk_on": SOON},
        details={"first_talk_on": SOON.isoformat()},  # and the date it replaced
        refused="Hänvisningen har status {status}, så första samtalet kan inte bokas om nu.",
    ),
    "start": Row(
        form=forms.VersionedForm,
        refused="Hänvisningen har status {status} och kan inte markeras som pågående nu.",
    ),
    "close": Row(
        form=forms.CloseForm,
        posted={"outcome": "needs_met"},
        sets={"outcome": "needs_met"},
        details={"outcome": "needs_met"},
        caseworker_sentence="{reference} ({destination}): avslutad",
        refused="Hänvisningen har status {status} och kan inte avslutas nu.",
    ),
}
ACTIONS = list(lifecycle.TRANSITIONS)


def _source(action: str) -> str:
    """One status the move is open from (the first in the order of the statuses)."""
    return next(s for s in Status.values if s in lifecycle.TRANSITIONS[action].sources)


def _typed(action: str) -> dict:
    form = ROWS[action].form({"version": 0, **ROWS[action].posted})
    assert form.is_valid(), form.errors
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


def test_the_table_and_these_rows_name_the_same_moves():
    assert set(ROWS) == set(lifecycle.TRANSITIONS)
    assert {a: t.form for a, t in lifecycle.TRANSITIONS.items()} == forms.MOVE_FORMS


@pytest.mark.parametrize("action", ACTIONS)
def test_each_row_names_its_form(action):
    assert lifecycle.TRANSITIONS[action].form is ROWS[action].form


@pytest.mark.parametrize("action", ACTIONS)
def test_each_row_applies_records_and_tells(make_referral, consultant, caseworker, action):
    row, transition = ROWS[action], lifecycle.TRANSITIONS[action]
    status = _source(action)
    referral = make_referral(status=status)

    moved = services.move_referral(
        referral=referral, action=action, user=consultant, expected_version=0, **_typed(action)
    )

    moved.refresh_from_db()
    assert (moved.status, moved.version) == (transition.target, 1)
    assert getattr(moved, f"{transition.milestone}_by") == consultant
    assert getattr(moved, f"{transition.milestone}_at") is not None
    for name, value in row.sets.items():
        assert getattr(moved, name) == value
    event = AuditEvent.objects.get(
        action=transition.audit_action, referral_reference=referral.reference
    )
    details = {"from": status, "to": transition.target, **row.details}
    if action == "forward":
        details["forwarded_to"] = moved.forwarded_to.reference
    if action == "rebook_first_talk":
        details["rebooked_from"] = referral.first_talk_on.isoformat()
    assert event.details == details
    told = Notification.objects.filter(recipient=caseworker, referral=referral)
    if row.caseworker_sentence is None:
        assert transition.caseworker_notice is None
        assert not told.exists()
    else:
        note = told.get()
        assert note.kind == transition.caseworker_notice
        expected = row.caseworker_sentence.format(
            reference=referral.reference, destination=DESTINATION
        )
        assert note.text == expected
        assert note.params == {"reference": referral.reference, "destination": DESTINATION}


def test_forwarding_tells_the_receivers_of_the_new_referral(make_referral, consultant, make_user):
    from anhorigstod import roles
    from referrals.models import StaffProfile

    receiver = make_user(roles.CONSULTANT, username="behandlare")
    StaffProfile.objects.create(
        user=receiver, provider=InternalProvider.objects.get(key="city-treatment-unit")
    )
    referral = make_referral(status="received")
    moved = services.move_referral(
        referral=referral,
        action="forward",
        user=consultant,
        expected_version=0,
        **_typed("forward"),
    )
    note = Notification.objects.get(recipient=receiver)
    assert note.referral == moved.forwarded_to
    assert note.kind == Kind.FORWARDED_REFERRAL
    assert note.text == f"Ny hänvisning {moved.forwarded_to.reference} (vidarebefordrad)"


@pytest.mark.parametrize("action", ACTIONS)
def test_each_row_is_posted_with_its_own_form(client, make_referral, consultant, action):
    referral = make_referral(status=_source(action))
    client.force_login(consultant)
    response = client.post(
        reverse("referrals:referral_move", args=[referral.reference, action]),
        {"version": 0, **ROWS[action].posted},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == lifecycle.TRANSITIONS[action].target


def test_an_unknown_move_is_not_found(client, make_referral, consultant):
    referral = make_referral(status="received")
    client.force_login(consultant)
    url = reverse("referrals:referral_move", args=[referral.reference, "teleport"])
    assert client.post(url, {"version": 0}).status_code == 404


# --- Refusals: whole sentences ----------------------------------------------

REFUSALS = [
    (action, status)
    for action, transition in lifecycle.TRANSITIONS.items()
    for status in Status.values
    if status not in transition.sources
]


@pytest.mark.parametrize(("action", "status"), REFUSALS)
def test_each_refusal_is_its_rows_whole_sentence(action, status):
    message = lifecycle.TRANSITIONS[action].refusal(Referral(status=status))

    assert message == ROWS[action].refused.format(status=Status(status).label.lower())
    assert re.fullmatch(r"Hänvisningen har status [^%{}]+ nu\.", message), message
    # Not the old pieces glued together: "kan inte boka första samtals nu",
    # "markera som mottagens", "markera att stödet pågårs".
    assert not re.search(r"samtals|mottagens|pågårs|\bbokas? första", message)


@pytest.mark.parametrize("action", ACTIONS)
def test_a_refused_move_says_the_rows_sentence_and_changes_nothing(
    make_referral, consultant, action
):
    transition = lifecycle.TRANSITIONS[action]
    status = next(s for s in Status.values if s not in transition.sources)
    referral = make_referral(status=status)
    with pytest.raises(services.NotAllowedNow) as refused:
        services.move_referral(
            referral=referral, action=action, user=consultant, expected_version=0, **_typed(action)
        )
    assert refused.value.message == transition.refusal(referral)
    referral.refresh_from_db()
    assert (referral.status, referral.version) == (status, 0)


def test_the_rule_blocks_booking_when_consent_to_contact_is_withdrawn(
    make_referral, consultant, caseworker
):
    referral = make_referral(status="accepted", **CONSENTED_CONTACT_STEPS)
    assert lifecycle.TRANSITIONS["book_first_talk"].blocked(referral) is None
    services.withdraw_consent(
        consent=referral.contact.consents.get(),
        user=caseworker,
        withdrawn_on=date(2026, 11, 22),
        scope="All kontakt",
    )
    referral = Referral.objects.get(pk=referral.pk)
    with pytest.raises(services.NotAllowedNow) as refused:
        services.move_referral(
            referral=referral,
            action="book_first_talk",
            user=consultant,
            expected_version=0,
            **_typed("book_first_talk"),
        )
    assert refused.value.message == (
        "Samtycket till kontakt med den anhöriga är återkallat. Ta inte kontakt."
    )
    assert lifecycle.TRANSITIONS["rebook_first_talk"].blocked(referral) is not None
    booking = {"book_first_talk", "rebook_first_talk"}
    others = [t for a, t in lifecycle.TRANSITIONS.items() if a not in booking]
    assert all(t.blocked(referral) is None for t in others)
