"""Notifications store a kind and its parameters and render the kind's sentence."""

import importlib
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from referrals.follow_up import services
from referrals.models import Notification
from tests.factories import CONSENTED_CONTACT_STEPS

Kind = Notification.Kind
REFERENCE = "AS-2026-000001-1"
DESTINATION = "Anhörigkonsulent (Farsta)"
PARAMS = {
    "reference": REFERENCE,
    "destination": DESTINATION,
    "purpose": "contact_relative",
    "reason": "Fel stadsdel",
}
SENTENCES = {
    Kind.NEW_REFERRAL: f"Ny hänvisning {REFERENCE}",
    Kind.FORWARDED_REFERRAL: f"Ny hänvisning {REFERENCE} (vidarebefordrad)",
    Kind.REFERRAL_ACCEPTED: f"{REFERENCE} ({DESTINATION}): accepterad",
    Kind.REFERRAL_DECLINED: f"{REFERENCE} ({DESTINATION}): avböjd",
    Kind.REFERRAL_FORWARDED: f"{REFERENCE} ({DESTINATION}): vidarebefordrad",
    Kind.REFERRAL_CLOSED: f"{REFERENCE} ({DESTINATION}): avslutad",
    Kind.SESSION_CONCERNS: f"{REFERENCE}: anhörigkonsulenten vill lyfta en oro med dig",
    Kind.CONSENT_WITHDRAWN: (
        f"{REFERENCE}: samtycke återkallat (att socialtjänsten kontaktar den anhöriga)"
    ),
    Kind.REFERRAL_WITHDRAWN: (
        f"{REFERENCE}: handläggaren har återkallat hänvisningen (Fel stadsdel)"
    ),
}


def test_every_kind_but_free_text_has_a_sentence():
    assert set(SENTENCES) == set(Kind) - {Kind.TEXT}


@pytest.mark.parametrize("kind", list(SENTENCES))
def test_each_kind_renders_its_swedish_sentence(kind):
    with translation.override("sv"):
        assert Notification(kind=kind, params=PARAMS, message="reserv").text == SENTENCES[kind]


def test_free_text_and_params_that_do_not_fit_show_the_message():
    assert Notification(message="Meddelande nr 1").text == "Meddelande nr 1"
    assert Notification(message="Meddelande nr 1").kind == Kind.TEXT
    missing = Notification(kind=Kind.REFERRAL_ACCEPTED, params={"reference": REFERENCE})
    missing.message = "reserv"
    assert missing.text == "reserv"
    unknown = {"reference": REFERENCE, "purpose": "nothing-we-know"}
    assert Notification(kind=Kind.CONSENT_WITHDRAWN, params=unknown, message="r").text == "r"
    assert Notification(kind=Kind.NEW_REFERRAL, params=["x"], message="r").text == "r"


@pytest.mark.django_db
def test_notify_stores_kind_and_params_once_per_recipient(make_referral, consultant, caseworker):
    referral = make_referral()
    before = Notification.objects.count()
    services.notify(
        recipients=[caseworker, caseworker, None],
        referral=referral,
        kind=Kind.REFERRAL_CLOSED,
        params={"destination": DESTINATION},
    )
    note = Notification.objects.exclude(kind=Kind.NEW_REFERRAL).get()
    assert Notification.objects.count() == before + 1
    assert note.params == {"reference": referral.reference, "destination": DESTINATION}
    assert note.text == note.message == f"{referral.reference} ({DESTINATION}): avslutad"


@pytest.mark.django_db
def test_the_services_write_kinds_not_text(make_referral, consultant, caseworker):
    referral = make_referral(status="accepted", **CONSENTED_CONTACT_STEPS)
    new = Notification.objects.get(recipient=consultant, referral=referral)
    assert (new.kind, new.params) == (Kind.NEW_REFERRAL, {"reference": referral.reference})
    services.log_session(
        referral=referral,
        user=consultant,
        expected_version=0,
        held_on=date(2026, 11, 20),
        form="visit",
        concerns="Oro för yngre syskon",
    )
    concern = Notification.objects.get(recipient=caseworker, referral=referral)
    assert concern.kind == Kind.SESSION_CONCERNS
    services.withdraw_consent(
        consent=referral.contact.consents.get(),
        user=caseworker,
        withdrawn_on=date(2026, 11, 22),
        scope="All kontakt",
    )
    withdrawn = Notification.objects.get(recipient=consultant, kind=Kind.CONSENT_WITHDRAWN)
    assert withdrawn.params == {"reference": referral.reference, "purpose": "contact_relative"}
    assert withdrawn.text == SENTENCES[Kind.CONSENT_WITHDRAWN].replace(
        REFERENCE, referral.reference
    )


@pytest.mark.django_db
def test_the_pages_show_the_rendered_text_not_the_stored_message(client, make_referral, consultant):
    referral = make_referral()
    Notification.objects.filter(recipient=consultant).update(message="gammal text")
    client.force_login(consultant)
    page = client.get(reverse("referrals:inbox")).content.decode()
    assert f"Ny hänvisning {referral.reference}" in page
    assert "gammal text" not in page


# --- The data migration -----------------------------------------------------

migration = importlib.import_module("referrals.migrations.0008_follow_up_notification_kind")


@pytest.mark.parametrize("kind", [kind for kind in SENTENCES if kind in migration.SENTENCES])
def test_the_migration_converts_each_sentence_the_portal_wrote(kind):
    params = {k: v for k, v in PARAMS.items() if f"%({k})s" in migration.SENTENCES[kind]}
    assert migration.kind_and_params(SENTENCES[kind], REFERENCE) == (kind, params)
    with translation.override("sv"):
        assert Notification(kind=kind, params=params).text == SENTENCES[kind]


@pytest.mark.parametrize(
    ("message", "reference"),
    [
        ("Meddelande nr 1", REFERENCE),  # free text
        (f"{REFERENCE}: accepted", REFERENCE),  # the load test's seed
        (f"Ny hänvisning {REFERENCE}", "AS-2026-000002-1"),  # another referral's
        (f"Ny hänvisning {REFERENCE}", None),  # no referral
        (f"{REFERENCE}: samtycke återkallat (något annat)", REFERENCE),  # unknown purpose
    ],
)
def test_the_migration_leaves_other_messages_as_text(message, reference):
    assert migration.kind_and_params(message, reference) is None


def test_the_migrations_sentences_are_the_models():
    from referrals.follow_up.models import SENTENCES as MODEL

    with translation.override("sv"):
        # Kinds added after the migration (e.g. a withdrawn referral) are not its concern.
        known = {str(k): str(v) for k, v in MODEL.items() if str(k) in migration.SENTENCES}
        assert known == migration.SENTENCES


@pytest.mark.django_db
def test_the_migration_converts_rows_in_the_database(make_referral, consultant, caseworker):
    from django.apps import apps

    referral = make_referral()
    Notification.objects.update(kind=Kind.TEXT, params={})  # as rows from before kinds
    free = Notification.objects.create(recipient=caseworker, referral=referral, message="Hej")
    closed = Notification.objects.create(
        recipient=caseworker,
        referral=referral,
        message=f"{referral.reference} ({DESTINATION}): avslutad",
    )

    migration.convert(apps, None)

    new = Notification.objects.get(recipient=consultant)
    assert (new.kind, new.params) == (Kind.NEW_REFERRAL, {"reference": referral.reference})
    closed.refresh_from_db()
    assert closed.kind == Kind.REFERRAL_CLOSED
    assert closed.text == closed.message
    free.refresh_from_db()
    assert (free.kind, free.params, free.text) == (Kind.TEXT, {}, "Hej")
