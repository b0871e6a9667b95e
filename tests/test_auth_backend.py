"""The signed-in user comes with their workplace (anhorigstod.backends)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anhorigstod import roles
from anhorigstod.backends import WorkplaceBackend
from referrals import access

pytestmark = pytest.mark.django_db


def test_the_user_is_read_with_their_district_and_unit(consultant):
    with CaptureQueriesContext(connection) as queries:
        user = WorkplaceBackend().get_user(consultant.pk)
        profile = access.profile_of(user)
        workplace = (profile.district.key, profile.provider.key)
    assert len(queries) == 1
    assert workplace == ("farsta", "relative-support-consultant")


def test_a_user_without_a_workplace_has_no_profile(make_user):
    admin = make_user(roles.ADMINISTRATOR, username="admin-backend")
    user = WorkplaceBackend().get_user(admin.pk)
    assert user == admin and access.profile_of(user) is None


def test_an_inactive_or_missing_user_is_not_signed_in(make_user):
    gone = make_user(roles.CASEWORKER, username="gone-backend")
    get_user_model().objects.filter(pk=gone.pk).update(is_active=False)
    assert WorkplaceBackend().get_user(gone.pk) is None
    assert WorkplaceBackend().get_user(10**9) is None


def test_the_inbox_reads_no_workplace_row_of_its_own(client, consultant):
    client.force_login(consultant)
    client.get(reverse("referrals:inbox"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("referrals:inbox")).status_code == 200
    assert not [q for q in queries if 'FROM "referrals_staffprofile"' in q["sql"]]
