import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from anhorigstod import roles
from guidance.loading import load_guidance
from referrals.intake import journey
from referrals.intake.examples import example_answers
from referrals.models import Draft

ROLES = [
    roles.CASEWORKER,
    roles.CONSULTANT,
    roles.MANAGER,
    roles.ADMINISTRATOR,
    roles.USER_ADMINISTRATOR,
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the real guidance, loaded once from fixtures/."""
    with django_db_blocker.unblock():
        load_guidance()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts without cached fragments from another test's data."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def make_user(db):
    def make(role: str | None, username: str | None = None, **fields):
        user = get_user_model().objects.create_user(
            username=username or f"user-{role or 'none'}".lower(),
            password="a-long-test-password",
            is_staff=role in {roles.ADMINISTRATOR, roles.USER_ADMINISTRATOR},
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


@pytest.fixture
def caseworker(make_user):
    return make_user(roles.CASEWORKER, username="hanna", first_name="Hanna")


@pytest.fixture
def make_draft(caseworker):
    def make(owner=None, next_step=None, **steps):
        return Draft.objects.create(
            owner=owner or caseworker,
            start_token=uuid.uuid4(),
            path_version=journey.PATH_VERSION,
            answers=example_answers(**steps),
            next_step=next_step,
        )

    return make


@pytest.fixture
def consultant(make_user):
    """A relative support consultant in Farsta, who receives Farsta's referrals."""
    from guidance.models import District, InternalProvider
    from referrals.models import StaffProfile

    user = make_user(roles.CONSULTANT, username="kim", first_name="Kim")
    StaffProfile.objects.create(
        user=user,
        district=District.objects.get(key="farsta"),
        provider=InternalProvider.objects.get(key="relative-support-consultant"),
    )
    return user


@pytest.fixture
def make_referral(make_draft):
    """An internal referral to the Farsta relative support consultant, in a given status
    with the milestones it has passed (tests/factories.py); ``by`` stamps them (default:
    a consultant of no workplace, so no one new receives the contact's news)."""
    from tests.factories import ReferralFactory

    def make(status: str = "sent", *, by=None, **steps):
        return ReferralFactory(status=status, contact__draft=make_draft(**steps), by=by)

    return make
