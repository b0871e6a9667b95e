"""Every URL in the project needs login, and the right role.

The walk covers every pattern the URL resolver knows, so a new page without a
permission check fails here before it reaches a user.
"""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from anhorigstod import roles
from guidance import models as m
from referrals.intake.examples import example_answers
from referrals.intake.services import submit_draft
from referrals.models import Draft, StaffProfile

pytestmark = pytest.mark.django_db

# Pages anyone may open: signing in and out, the accessibility statement, the
# load balancer's health check.
PUBLIC = {"login", "logout", "accessibility", "health"}
# Pages for any signed-in user, whatever their role: their own sign-in security.
ANY_SIGNED_IN = {
    "two_factor_setup",
    "two_factor_verify",
    "two_factor_recovery_codes",
    "two_factor_remove",
    "account_security",
    "session_keepalive",
    "password_change",
    "password_change_done",
}

EVERYONE = {
    roles.CASEWORKER,
    roles.CONSULTANT,
    roles.MANAGER,
    roles.ADMINISTRATOR,
    roles.USER_ADMINISTRATOR,
}
CASEWORKER = {roles.CASEWORKER}
CONSULTANT = {roles.CONSULTANT}
OUTREACH_PAGES = {
    "referrals:incident_list",
    "referrals:incident_closed_list",
    "referrals:incident_register",
    "referrals:incident_detail",
    "referrals:incident_close",
    "referrals:task_add",
    "referrals:task_action",
    "referrals:task_change",
}


def allowed_roles(name: str) -> set[str]:
    """Who may open each URL; an unlisted URL fails ``test_every_url_pattern_is_covered``."""
    if name in ANY_SIGNED_IN:
        return {None} | EVERYONE
    if name.startswith("guidance:"):
        return EVERYONE
    if name in OUTREACH_PAGES:
        return {roles.CASEWORKER, roles.CONSULTANT, roles.MANAGER}
    if name == "referrals:notifications_read":
        return {roles.CASEWORKER, roles.CONSULTANT}
    if name.startswith(("referrals:statistics", "referrals:outreach_statistics")):
        return {roles.CONSULTANT, roles.MANAGER, roles.ADMINISTRATOR}
    if name.startswith(("referrals:inbox", "referrals:referral_", "referrals:follow_up")):
        return CONSULTANT
    if name.startswith(("referrals:draft_", "referrals:contact_", "referrals:my_contacts")):
        return CASEWORKER
    if name == "referrals:incident_start_contact":
        return CASEWORKER
    if name.startswith("referrals:relative_reached"):
        return {roles.CASEWORKER, roles.CONSULTANT, roles.MANAGER}
    raise KeyError(name)


# What an allowed GET answers where it is not a page: POST-only views and redirects.
ALLOWED_GET_STATUS = {
    "referrals:draft_start": 405,
    "referrals:draft_label": 405,
    "referrals:draft_resume": 302,
    "referrals:notifications_read": 405,
    "referrals:referral_move": 405,
    "referrals:referral_session": 405,
    "referrals:referral_withdraw_consent": 405,
    "referrals:contact_withdraw_consent": 405,
    "referrals:contact_external_outcome": 405,
    "referrals:statistics_compute": 405,
    "referrals:incident_start_contact": 405,
    "referrals:relative_reached": 405,
    "referrals:relative_reached_outcome": 405,
    "referrals:incident_close": 405,
    "referrals:task_add": 405,
    "referrals:task_action": 405,
    "session_keepalive": 405,
    "two_factor_remove": 405,
    # Recovery codes need a session that gave a one-time code: to the code page.
    "two_factor_recovery_codes": 302,
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


GUIDANCE_SAMPLES = {
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


RELATIVES_REACHED_SAMPLES = {
    "referrals:incident_start_contact": {"reference": "AH-2026-00001"},
    "referrals:relative_reached": {"reference": "AH-2026-00001"},
    "referrals:relative_reached_outcome": {"reference": "AH-2026-00001", "pk": 1},
}


def _sample_kwargs(name: str, user=None) -> dict:
    """Real objects for the URL's arguments, owned by ``user`` where ownership matters."""
    pattern = dict(_patterns())[name]
    arguments = set(pattern.pattern.converters)
    if not arguments:
        return {}
    if name in GUIDANCE_SAMPLES:
        return {"key": GUIDANCE_SAMPLES[name].objects.first().key}
    if name in RELATIVES_REACHED_SAMPLES:  # POST only: a GET never reads the incident
        return RELATIVES_REACHED_SAMPLES[name]
    owner = user if user is not None and user.is_authenticated else _someone()
    if name in OUTREACH_PAGES:
        return _incident_kwargs(name, owner, arguments)
    draft = Draft.objects.create(
        owner=owner, start_token=uuid.uuid4(), path_version="t", answers=example_answers()
    )
    if "reference" in arguments:
        contact = submit_draft(draft=draft, user=_someone())
        if name == "referrals:contact_referral_withdraw":  # a referral the owner sent
            contact.created_by = owner
            contact.save()
            return {"reference": contact.referrals.first().reference}
        if name.startswith("referrals:contact_") and name != "referrals:contact_external_outcome":
            contact.created_by = owner
            contact.save()
            return {"reference": contact.reference}
        referral = contact.referrals.first()
        StaffProfile.objects.update_or_create(
            user=owner,
            defaults={"district": referral.receiving_district, "provider": referral.provider},
        )
        if "action" in arguments:
            return {"reference": referral.reference, "action": "accept"}
        return {"reference": referral.reference}
    if "step" in arguments:
        return {"pk": draft.pk, "step": "needs"}
    return {"pk": draft.pk}


def _incident_kwargs(name: str, user, arguments: set[str]) -> dict:
    """An incident in the user's district, and one of its tasks."""
    from referrals.outreach import services

    district = m.District.objects.get(key="rinkeby-kista")
    StaffProfile.objects.update_or_create(user=user, defaults={"district": district})
    incident = services.register_incident(
        user=user,
        start_token=uuid.uuid4(),
        kind="shooting",
        occurred_at=timezone.now(),
        district=district,
        affected_districts=[district],
    )
    kwargs: dict = {"reference": incident.reference}
    if "pk" in arguments:
        kwargs["pk"] = incident.plans.get().tasks.first().pk
    if "action" in arguments:
        kwargs["action"] = "done"
    return kwargs


PROTECTED = [name for name, _ in _patterns() if name not in PUBLIC]


def test_every_url_pattern_is_covered():
    for name in {name for name, _ in _patterns()} - PUBLIC:
        assert allowed_roles(name), name


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
@pytest.mark.parametrize(
    "role",
    [None, roles.CASEWORKER, roles.CONSULTANT, roles.ADMINISTRATOR, roles.USER_ADMINISTRATOR],
)
def test_each_role_gets_exactly_its_pages(client_as, name, role):
    client = client_as(role)
    allowed = role in allowed_roles(name)
    user = get_user_model().objects.get(username=f"user-{role or 'none'}".lower())
    response = client.get(reverse(name, kwargs=_sample_kwargs(name, user)))
    assert response.status_code == (ALLOWED_GET_STATUS.get(name, 200) if allowed else 403)
    if response.status_code == 200:
        assert "no-store" in response["Cache-Control"], "personal data must not be cached"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        (roles.CASEWORKER, 302),
        (roles.CONSULTANT, 302),
        (roles.ADMINISTRATOR, 200),
        (roles.USER_ADMINISTRATOR, 200),
    ],
)
def test_only_the_administrators_reach_the_admin(client_as, role, status):
    response = client_as(role).get(reverse("admin:index"))
    assert response.status_code == status


def test_the_administrator_edits_guidance_but_not_users_passwords_of_superusers(client_as):
    client = client_as(roles.ADMINISTRATOR)
    assert client.get(reverse("admin:guidance_service_changelist")).status_code == 200
    assert client.get(reverse("admin:guidance_legalreference_changelist")).status_code == 200
