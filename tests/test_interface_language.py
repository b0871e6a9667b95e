"""The interface is Swedish on every request, whatever the browser asks for or a
worker thread had active before (``anhorigstod.middleware.SwedishInterfaceMiddleware``)."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_browsers_language_does_not_switch_the_interface(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "sv"
    assert "Accept-Language" not in response.get("Vary", "")
    assert "Användarnamn" in response.content.decode()


def test_a_language_left_active_in_the_thread_is_not_served(client):
    translation.activate("en")
    try:
        response = client.get(reverse("login"))
        assert "Användarnamn" in response.content.decode()
        assert "Username" not in response.content.decode()
    finally:
        translation.deactivate()
