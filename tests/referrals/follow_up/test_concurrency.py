"""Requests that race each other on PostgreSQL: each answers, and what happens happens once.

Each test commits its data (``transaction=True``) and sends the requests from
real threads, each with its own database connection, started together at a
barrier. SQLite serialises writers differently (a colleague's change switches
it to WAL and IMMEDIATE transactions), so these run on PostgreSQL only; CI runs
the suite on both.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from anhorigstod import roles
from audit.models import AuditEvent
from guidance.loading import load_guidance
from guidance.models import District, InternalProvider
from referrals.models import Referral, StaffProfile
from tests.factories import CONSENTED_CONTACT_STEPS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_with_guidance(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; SQLite serialises all writers")
    # The flush after each transactional test empties the guidance the session loaded.
    load_guidance()


def race(clients: list[Client], send) -> list:
    """``send(client, index)`` from one thread per client, all released at once;
    the responses in client order."""
    barrier = threading.Barrier(len(clients))
    responses: list = [None] * len(clients)
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            responses[index] = send(clients[index], index)
        except BaseException as failure:  # reported below, in the test's own thread
            failures.append(failure)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request never answered"
    assert failures == []
    return responses


def signed_in(user) -> Client:
    # A 500 comes back as a response, as a user would see it, not as an exception.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def farsta_consultants(make_user, count: int) -> list:
    provider = InternalProvider.objects.get(key="relative-support-consultant")
    district = District.objects.get(key="farsta")
    users = []
    for number in range(count):
        user = make_user(roles.CONSULTANT, username=f"konsulent-{number}")
        StaffProfile.objects.create(user=user, district=district, provider=provider)
        users.append(user)
    return users


def test_consultants_opening_a_new_referral_at_once_all_see_it_received_once(
    make_referral, make_user
):
    clients = [signed_in(user) for user in farsta_consultants(make_user, 10)]
    for _round in range(4):
        referral = make_referral()
        url = referral.get_absolute_url()

        responses = race(clients, lambda client, _i, url=url: client.get(url))

        assert [response.status_code for response in responses] == [200] * len(clients)
        referral.refresh_from_db()
        assert referral.status == Referral.Status.RECEIVED
        assert referral.version == 1
        events = AuditEvent.objects.filter(referral_reference=referral.reference)
        assert events.filter(action=AuditEvent.Action.REFERRAL_RECEIVED).count() == 1
        assert events.filter(action=AuditEvent.Action.REFERRAL_VIEWED).count() == len(clients)


def staff_of(make_user, provider_key: str, district_key: str | None, username: str):
    user = make_user(roles.CONSULTANT, username=username)
    StaffProfile.objects.create(
        user=user,
        provider=InternalProvider.objects.get(key=provider_key),
        district=District.objects.get(key=district_key) if district_key else None,
    )
    return user


FORWARD = {"version": 0, "forward_to_provider": "city-treatment-unit"}


def test_forwarding_two_referrals_of_one_contact_at_once_numbers_both(
    make_referral, make_user, caseworker
):
    from referrals.models import Notification

    consultant = staff_of(make_user, "relative-support-consultant", "farsta", "konsulent")
    therapist = staff_of(make_user, "family-therapist", "farsta", "terapeut")
    staff_of(make_user, "city-treatment-unit", None, "behandlare")  # receives both forwards
    clients = [signed_in(consultant), signed_in(therapist)]
    both = {"internal": ["relative-support-consultant@farsta", "family-therapist@farsta"]}
    for _round in range(5):
        first = make_referral(status="received", referral=both)
        second = first.contact.referrals.get(provider__key="family-therapist")
        urls = [
            reverse("referrals:referral_move", args=[referral.reference, "forward"])
            for referral in (first, second)
        ]

        responses = race(clients, lambda client, i, urls=urls: client.post(urls[i], FORWARD))

        assert [response.status_code for response in responses] == [302, 302]
        contact = first.contact
        references = list(contact.referrals.values_list("reference", flat=True))
        assert len(references) == len(set(references)) == 4
        for referral in (first, second):
            referral.refresh_from_db()
            assert referral.status == Referral.Status.FORWARDED
            assert referral.forwarded_to.provider.key == "city-treatment-unit"
            forwarded = AuditEvent.objects.filter(
                action=AuditEvent.Action.REFERRAL_FORWARDED, referral_reference=referral.reference
            )
            assert [event.details["forwarded_to"] for event in forwarded] == [
                referral.forwarded_to.reference
            ]
            assert Notification.objects.filter(referral=referral, recipient=caseworker).count() == 1
            assert Notification.objects.filter(referral=referral.forwarded_to).count() == 1
        assert first.forwarded_to != second.forwarded_to


CONSENT = CONSENTED_CONTACT_STEPS


@pytest.mark.parametrize("route", ["contact", "referral"])
def test_withdrawing_one_consent_from_two_tabs_at_once_is_recorded_and_told_once(
    make_referral, make_user, caseworker, route
):
    from referrals.models import Notification
    from tests.referrals.follow_up.test_lifecycle import ALREADY_WITHDRAWN

    consultants = farsta_consultants(make_user, 2)
    user = caseworker if route == "contact" else consultants[0]
    tabs = [signed_in(user), signed_in(user)]
    for number in range(3):
        referral = make_referral(status="accepted", **CONSENT)
        consent = referral.contact.consents.get()
        if route == "contact":
            url = reverse("referrals:contact_withdraw_consent", args=[referral.contact.reference])
        else:
            url = reverse("referrals:referral_withdraw_consent", args=[referral.reference])
        form = {"consent": consent.pk, "withdrawn_on": "2026-11-22", "scope": f"Allt {number}"}
        before = Notification.objects.count()

        responses = race(tabs, lambda tab, _i, url=url, form=form: tab.post(url, form))

        assert [response.status_code for response in responses] == [302, 302]
        withdrawn = AuditEvent.objects.filter(
            action=AuditEvent.Action.CONSENT_WITHDRAWN, contact_reference=referral.contact.reference
        )
        assert withdrawn.count() == 1
        # Told once: the two receiving consultants and the referring caseworker.
        assert Notification.objects.count() - before == 3
        pages = [
            tab.get(response.url).content.decode()
            for tab, response in zip(tabs, responses, strict=True)
        ]
        assert sorted(ALREADY_WITHDRAWN in page for page in pages) == [False, True]
