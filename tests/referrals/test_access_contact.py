"""``access.access_contact``: a caseworker's own contact, read with the relations the
caller names and no others."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from referrals import access

pytestmark = pytest.mark.django_db


def test_a_contact_read_without_names_joins_no_relation(make_referral, caseworker):
    contact = make_referral().contact
    with CaptureQueriesContext(connection) as queries:
        found = access.access_contact(caseworker, contact.reference)
    assert found == contact
    (read,) = [q["sql"] for q in queries.captured_queries if 'FROM "referrals_contact"' in q["sql"]]
    assert "JOIN" not in read


def test_the_relations_named_come_with_the_contact(make_referral, caseworker):
    contact = make_referral().contact
    district = contact.district.name
    found = access.access_contact(caseworker, contact.reference, select_related=("district",))
    with CaptureQueriesContext(connection) as queries:
        assert found.district.name == district
    assert queries.captured_queries == []


def test_another_caseworkers_contact_is_refused(make_referral, make_user):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from anhorigstod import roles

    contact = make_referral().contact
    other = make_user(roles.CASEWORKER, username="olle")
    with pytest.raises((Http404, PermissionDenied)):
        access.access_contact(other, contact.reference)
