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

from anhorigstod import roles
from guidance.loading import load_guidance
from guidance.models import District, InternalProvider
from referrals.models import AuditEvent, Referral, StaffProfile

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
