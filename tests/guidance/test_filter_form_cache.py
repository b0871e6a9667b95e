"""The directory's filter form is rendered once per filter and set of options
(anhorigstod.fragments) and is never stale or wrong."""

from unittest import mock

import pytest
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anhorigstod import fragments, roles
from guidance import models as m
from guidance.forms import DirectoryFilterForm
from tests.guidance.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

TEMPLATE = "guidance/_directory_filter.html"


@pytest.fixture
def caseworker_client(caseworker):
    client = Client()
    client.force_login(caseworker)
    return client


@pytest.fixture
def administrator(make_user):
    client = Client()
    client.force_login(make_user(roles.ADMINISTRATOR, username="admin-filter"))
    return client


def form(query: str = "") -> DirectoryFilterForm:
    return DirectoryFilterForm(QueryDict(query))


def directory(client, query: str = "") -> str:
    return client.get(f"{reverse('guidance:directory')}?{query}").content.decode()


def counting_renders():
    return mock.patch.object(fragments, "render_to_string", wraps=render_to_string)


def test_the_cached_form_is_the_form_rendered_without_a_cache():
    query = "target_group=vbe&category=helpline&children=on"
    uncached = render_to_string(TEMPLATE, {"filter_form": form(query)})

    assert fragments.cached_form(form(query), template_name=TEMPLATE) == uncached
    assert fragments.cached_form(form(query), template_name=TEMPLATE) == uncached


def test_a_second_view_with_the_same_filter_reuses_the_html(caseworker_client):
    with counting_renders() as render:
        first = directory(caseworker_client, "target_group=vbe&children=on")
        second = directory(caseworker_client, "children=on&target_group=vbe&page=1")

    assert render.call_count == 1
    assert 'value="vbe" selected' in first
    assert 'value="vbe" selected' in second


def test_a_different_filter_selects_different_options(caseworker_client):
    first = directory(caseworker_client, "target_group=vbe")
    second = directory(caseworker_client, "target_group=criminal-lifestyle")

    assert 'value="vbe" selected' in first
    assert 'value="criminal-lifestyle" selected' in second
    assert 'value="vbe" selected' not in second


def test_an_invalid_filter_shows_its_message_and_is_not_cached(caseworker_client):
    with counting_renders() as render:
        for _ in range(2):
            page = directory(caseworker_client, "target_group=finns-inte")
            assert "Välj ett giltigt alternativ" in page

    assert render.call_count == 2


def test_a_target_group_renamed_in_the_admin_shows_in_the_form_at_once(
    administrator, caseworker_client
):
    group = m.TargetGroup.objects.get(key="vbe")
    assert f">{group.name}</option>" in directory(caseworker_client)

    url = reverse("admin:guidance_targetgroup_change", args=[group.pk])
    data = change_form_data(administrator.get(url), name="Våld i nära relation (nytt namn)")
    response = administrator.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert ">Våld i nära relation (nytt namn)</option>" in directory(caseworker_client)


def test_a_new_district_shows_in_the_form_at_once(caseworker_client):
    directory(caseworker_client)
    source = m.District.objects.first()
    source.pk = None
    source.key, source.name = "ny-stadsdel", "Nya stadsdelsförvaltningen"
    source.save()

    assert ">Nya stadsdelsförvaltningen</option>" in directory(caseworker_client)


def test_a_removed_district_leaves_the_form_at_once(caseworker_client):
    district = m.District.objects.order_by("name").last()
    assert f">{district.name}</option>" in directory(caseworker_client)

    m.District.objects.filter(pk=district.pk).delete()

    assert f">{district.name}</option>" not in directory(caseworker_client)


def test_the_print_view_renders_no_form(caseworker_client):
    with counting_renders() as render:
        page = directory(caseworker_client, "print=1")

    assert render.call_count == 0
    assert 'class="directory-filter' not in page


def test_the_options_are_read_in_one_query_per_box_without_counting_them():
    """A ModelChoiceField lists its options in one query; list() would first ask for
    their number, a COUNT query for every box on every view."""
    boxes = [f for f in form().fields.values() if hasattr(f, "queryset")]
    with CaptureQueriesContext(connection) as queries:
        fragments.cached_form(form("category=helpline"), template_name=TEMPLATE)
    assert boxes and len(queries) == len(boxes)
    assert not [q for q in queries if "COUNT(" in q["sql"]]
