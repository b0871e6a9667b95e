"""The signed-in user comes with their workplace (anhorigstod.backends)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
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


def test_own_and_group_permissions_are_read_in_one_query(make_user):
    user = make_user(roles.CASEWORKER, username="perms-backend")
    user.user_permissions.add(Permission.objects.get(codename="view_statistics"))
    user = WorkplaceBackend().get_user(user.pk)
    from_groups = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(group__user=user).select_related("content_type")
    }
    with CaptureQueriesContext(connection) as queries:
        found = user.get_all_permissions()
        assert user.has_perm(roles.VIEW_STATISTICS)
        assert user.has_perm(roles.WALK_GUIDED_PATH)
    assert len(queries) == 1
    assert found == from_groups | {roles.VIEW_STATISTICS} and len(from_groups) > 1


def test_a_group_or_a_permission_taken_away_is_gone_on_the_next_request(make_user):
    user = make_user(roles.CASEWORKER, username="perms-removed")
    assert WorkplaceBackend().get_user(user.pk).has_perm(roles.WALK_GUIDED_PATH)
    user.groups.clear()
    assert not WorkplaceBackend().get_user(user.pk).get_all_permissions()


def test_a_superuser_has_every_permission_and_an_inactive_user_none(make_user):
    admin = make_user(roles.ADMINISTRATOR, username="perms-super")
    get_user_model().objects.filter(pk=admin.pk).update(is_superuser=True)
    every = Permission.objects.count()
    assert len(WorkplaceBackend().get_user(admin.pk).get_all_permissions()) == every
    admin.is_active = False
    assert WorkplaceBackend().get_all_permissions(admin) == set()
