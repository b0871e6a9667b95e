"""Every admin page the administrators use speaks Swedish (issue 15, ask 6).

Renders the pages as the (user) administrator and fails on English that Django,
django-simple-history or a missing label once showed. Swedish for strings the
packages' catalogues lack is in locale_overrides/.
"""

import html
import re

import pytest
from django.urls import reverse

from anhorigstod import roles
from guidance import models as m

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Select an option",
    "Note:",
    "timezone",
    "Changed by",
    "Change reason",
    "Changes",
    "Changed",
    "Created",
    "Comment",
    "Object",
    "None",
    "Choose a date",
    "revert",
    "entries",
    "object (",
    "relationship",
    "Service_",
    "Service-",
    "citation",
    "After you",
    "Password-based",
    "If disabled",
    "Enabled",
    "Disabled",
    "history",
    "phone",
]


def visible_text(response) -> str:
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    attributes = re.findall(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"', page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(attributes))


def english_in(text: str) -> list[str]:
    return [
        phrase
        for phrase in ENGLISH
        if re.search(rf"(?<![\w/.-]){re.escape(phrase)}(?![\w/.-])", text, flags=re.I)
    ]


@pytest.fixture
def service(client_as):
    service = m.Service.objects.select_related("organisation").first()
    service.target_groups.add(m.TargetGroup.objects.first())
    service.phone = "08-508 25 000"
    service.save()  # a history entry with a change
    return service


def test_the_directory_admin_pages_are_in_swedish(client_as, service):
    client = client_as(roles.ADMINISTRATOR)
    organisation = service.organisation
    urls = [
        reverse("admin:guidance_service_changelist"),
        reverse("admin:guidance_service_change", args=[service.pk]),
        reverse("admin:guidance_service_add"),
        reverse("admin:guidance_service_delete", args=[service.pk]),
        reverse("admin:guidance_service_history", args=[service.pk]),
        reverse("admin:guidance_organisation_changelist"),
        reverse("admin:guidance_organisation_change", args=[organisation.pk]),
        reverse("admin:guidance_organisation_add"),
        reverse("admin:guidance_organisation_delete", args=[organisation.pk]),
        reverse("admin:guidance_organisation_history", args=[organisation.pk]),
        reverse("admin:guidance_legalreference_changelist"),
    ]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        english = english_in(visible_text(response))
        if english:
            found[url] = english
    assert found == {}


def test_the_history_names_fields_in_swedish_and_leaves_no_reason_empty(client_as, service):
    page = visible_text(
        client_as(roles.ADMINISTRATOR).get(
            reverse("admin:guidance_service_history", args=[service.pk])
        )
    )
    assert "Ändrad av" in page and "Skäl till ändringen" in page
    assert "Telefon:" in page and "08-508 25 000" in page


def test_the_delete_summary_leaves_out_the_link_rows(client_as, service):
    page = visible_text(
        client_as(roles.ADMINISTRATOR).get(
            reverse("admin:guidance_service_delete", args=[service.pk])
        )
    )
    assert service.name in page
    assert "object (" not in page and "relation" not in page


def test_the_user_pages_are_in_swedish(client_as, caseworker):
    client = client_as(roles.USER_ADMINISTRATOR)
    urls = [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[caseworker.pk]),
        reverse("admin:auth_user_history", args=[caseworker.pk]),
        reverse("admin:auth_user_password_change", args=[caseworker.pk]),
    ]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        english = english_in(visible_text(response))
        if english:
            found[url] = english
    assert found == {}


def test_the_admin_scripts_speak_swedish(client_as):
    catalogue = client_as(roles.ADMINISTRATOR).get("/admin/jsi18n/").content.decode()
    assert "Ange tider i tidszonen" in catalogue
