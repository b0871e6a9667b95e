"""Every URL that takes a POST refuses one without a CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_access import PUBLIC, _patterns, _sample_kwargs, allowed_roles

pytestmark = pytest.mark.django_db

# The admin's own forms are Django's; two representative ones are covered here.
ADMIN_FORMS = ["admin:guidance_service_add", "admin:guidance_legalreference_add"]


def _role_for(name):
    if name in PUBLIC:
        return None
    return sorted(r for r in allowed_roles(name) if r is not None)[0]


@pytest.mark.parametrize("name", [name for name, _ in _patterns()] + ADMIN_FORMS)
def test_a_post_without_csrf_token_is_refused(make_user, name):
    from anhorigstod import roles

    client = Client(enforce_csrf_checks=True)
    role = roles.ADMINISTRATOR if name.startswith("admin:") else _role_for(name)
    user = None
    if name not in PUBLIC:
        user = make_user(role)
        client.force_login(user)
    kwargs = {} if name.startswith("admin:") else _sample_kwargs(name, user)
    response = client.post(reverse(name, kwargs=kwargs), {"anything": "x"})
    assert response.status_code == 403, f"{name} accepted a POST without CSRF token"
