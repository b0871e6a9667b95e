"""The inbox's filter form is rendered once per filter and set of options
(anhorigstod.fragments); an invalid date still shows its Swedish message."""

from unittest import mock

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

from anhorigstod import fragments
from guidance import models as g
from referrals.follow_up.forms import InboxFilterForm

pytestmark = pytest.mark.django_db

TEMPLATE = "referrals/_inbox_filter.html"


@pytest.fixture
def consultant_client(client, consultant):
    client.force_login(consultant)
    return client


def inbox(client, query: str = "") -> str:
    return client.get(f"{reverse('referrals:inbox')}?{query}").content.decode()


def counting_renders():
    return mock.patch.object(fragments, "render_to_string", wraps=render_to_string)


def test_the_cached_form_is_the_form_rendered_without_a_cache():
    query = "status=sent&entry_route=relative-contacted&date_from=2026-01-01&overdue=on"
    uncached = render_to_string(TEMPLATE, {"filter_form": InboxFilterForm(QueryDict(query))})

    cached = fragments.cached_form(InboxFilterForm(QueryDict(query)), template_name=TEMPLATE)
    again = fragments.cached_form(InboxFilterForm(QueryDict(query)), template_name=TEMPLATE)

    assert cached == uncached == again
    assert 'value="relative-contacted" selected' in cached


def test_the_same_filter_is_rendered_once_and_a_different_one_again(consultant_client):
    with counting_renders() as render:
        first = inbox(consultant_client, "status=sent")
        inbox(consultant_client, "status=sent&page=2")
        other = inbox(consultant_client, "status=received")

    assert render.call_count == 2
    assert 'value="sent" selected' in first
    assert 'value="received" selected' in other
    assert 'value="sent" selected' not in other


def test_an_invalid_date_shows_its_swedish_message_every_time(consultant_client):
    with counting_renders() as render:
        for _ in range(2):
            page = inbox(consultant_client, "date_from=inte-ett-datum")
            assert 'value="inte-ett-datum"' in page
            assert "datum" in page.split('id="error_1_id_date_from"')[1][:200].lower()

    assert render.call_count == 2


def test_a_new_entry_route_shows_in_the_form_at_once(consultant_client):
    inbox(consultant_client)
    route = g.EntryRoute.objects.first()
    route.pk = None
    route.key, route.name = "ny-ingang", "En ny ingång"
    route.save()

    assert ">En ny ingång</option>" in inbox(consultant_client)
