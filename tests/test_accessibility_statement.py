"""The accessibility statement is public, Swedish, and says what the law asks for."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_statement_is_public_and_in_swedish(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert b'<html lang="sv">' in response.content
    page = response.content.decode()
    assert "<h1>Tillgänglighetsredogörelse</h1>" in page
    for required in (
        "lagen (2018:1937) om tillgänglighet till digital offentlig service",
        "WCAG 2.1 nivå AA",
        "EN 301 549",
        "delvis förenlig",
        "axe-core",
        "enbart tangentbord",
        "400 % förstoring",
        "JavaScript avstängt",
        "skärmläsare",
        "Brister vi känner till",
        "kontakta portalens förvaltare via stadens ordinarie supportkanal",
        "Myndigheten för digital förvaltning (Digg)",
        "2026-11-25",
    ):
        assert required in page, required


def test_every_page_links_to_the_statement_from_the_footer(client):
    response = client.get(reverse("login"))
    footer = response.content.decode().split("<footer", 1)[1]
    assert f'href="{reverse("accessibility")}"' in footer
