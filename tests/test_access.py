"""Every URL in the project needs login, and the right role.

The walk covers every pattern the URL resolver knows, so a new page without a
permission check fails here before it reaches a user.
"""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from anhorigstod import roles
from guidance import models as m
from referrals.models import Draft
from referrals.services import submit_draft
from tests.referrals.conftest import valid_answers

pytestmark = pytest.mark.django_db

# Pages anyone may open: signing in and out.
PUBLIC = {"login", "logout"}

# Who may open what, by URL namespace; the admin is checked separately below.
NAMESPACE_ROLES = {
    "guidance": {roles.CASEWORKER, roles.CONSULTANT, roles.ADMINISTRATOR},
    "referrals": {roles.CASEWORKER},
}

# What an allowed GET answers where it is not a page: POST-only views and redirects.
ALLOWED_GET_STATUS = {
    "referrals:draft_start": 405,
    "referrals:draft_delete": 405,
    "referrals:draft_resume": 302,
}


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _sample_kwargs(name: str, user=None) -> dict:
    """A real object for every URL that takes one, owned by ``user`` where that matters."""
    if name.startswith("referrals:") and name not in {
        "referrals:my_contacts",
        "referrals:draft_start",
    }:
        owner = user if user is not None and user.is_authenticated else _someone()
        draft = Draft.objects.create(
            owner=owner, start_token=uuid.uuid4(), path_version="t", answers=valid_answers()
        )
        if name in {"referrals:contact_detail", "referrals:contact_handout"}:
            return {"reference": submit_draft(draft=draft, user=owner).reference}
        if name == "referrals:draft_step":
            return {"pk": draft.pk, "step": "needs"}
        return {"pk": draft.pk}
    samples = {
        "guidance:target_group_detail": m.TargetGroup,
        "guidance:entry_route_detail": m.EntryRoute,
        "guidance:support_form_detail": m.SupportForm,
        "guidance:provider_detail": m.InternalProvider,
        "guidance:topic_detail": m.Topic,
        "guidance:district_detail": m.District,
        "guidance:good_practice_detail": m.GoodPractice,
        "guidance:method_detail": m.Method,
        "guidance:organisation_detail": m.Organisation,
    }
    return {"key": samples[name].objects.first().key} if name in samples else {}


PROTECTED = [name for name, _ in _patterns() if name not in PUBLIC]


def test_every_url_pattern_is_covered():
    names = {name for name, _ in _patterns()}
    for name in names - PUBLIC:
        assert name.split(":")[0] in NAMESPACE_ROLES, f"{name}: no role rule in this test"


def _someone():
    user, _created = get_user_model().objects.get_or_create(username="agare")
    user.groups.add(Group.objects.get(name=roles.CASEWORKER))
    return user


@pytest.mark.parametrize("name", PROTECTED)
def test_anonymous_users_are_sent_to_login(client, name):
    url = reverse(name, kwargs=_sample_kwargs(name))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", PROTECTED)
@pytest.mark.parametrize("role", [None, roles.CASEWORKER, roles.CONSULTANT, roles.ADMINISTRATOR])
def test_each_role_gets_exactly_its_pages(client_as, name, role):
    client = client_as(role)
    allowed = role in NAMESPACE_ROLES[name.split(":")[0]]
    user = get_user_model().objects.get(username=f"user-{role or 'none'}".lower())
    response = client.get(reverse(name, kwargs=_sample_kwargs(name, user)))
    assert response.status_code == (ALLOWED_GET_STATUS.get(name, 200) if allowed else 403)


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), (roles.CASEWORKER, 302), (roles.CONSULTANT, 302), (roles.ADMINISTRATOR, 200)],
)
def test_only_the_administrator_reaches_the_admin(client_as, role, status):
    response = client_as(role).get(reverse("admin:index"))
    assert response.status_code == status


def test_the_administrator_edits_guidance_but_not_users_passwords_of_superusers(client_as):
    client = client_as(roles.ADMINISTRATOR)
    assert client.get(reverse("admin:guidance_service_changelist")).status_code == 200
    assert client.get(reverse("admin:guidance_legalreference_changelist")).status_code == 200
