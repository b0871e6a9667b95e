import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from anhorigstod import roles
from guidance.loading import load_guidance

ROLES = [roles.CASEWORKER, roles.CONSULTANT, roles.ADMINISTRATOR]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the real guidance, loaded once from fixtures/."""
    with django_db_blocker.unblock():
        load_guidance()


@pytest.fixture
def make_user(db):
    def make(role: str | None, username: str | None = None, **fields):
        user = get_user_model().objects.create_user(
            username=username or f"user-{role or 'none'}".lower(),
            password="a-long-test-password",
            is_staff=role == roles.ADMINISTRATOR,
            **fields,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def client_as(client, make_user):
    """A test client signed in with the given role (None: a user without a role)."""

    def sign_in(role: str | None):
        client.force_login(make_user(role))
        return client

    return sign_in
