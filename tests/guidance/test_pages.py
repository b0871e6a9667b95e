"""Every guidance page renders, every internal link on them resolves, and facts show."""

import re
from collections import deque

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anhorigstod import roles
from guidance import models as m

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/[^"#]*)')


def test_crawl_from_the_start_page_finds_no_broken_link(client_as):
    client = client_as(roles.CASEWORKER)
    start = reverse("guidance:start")
    seen, queue = {start}, deque([start])
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        for link in HREF.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link.startswith(("/static/", "/admin/", "/logout/")) or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    # Every guidance item was reached by following links from the start page.
    for model in (
        m.TargetGroup,
        m.EntryRoute,
        m.SupportForm,
        m.InternalProvider,
        m.Topic,
        m.District,
        m.GoodPractice,
        m.Method,
        m.Organisation,
    ):
        for item in model.objects.all():
            assert item.get_absolute_url() in seen, item.get_absolute_url()


def test_each_page_cites_its_source(client_as):
    client = client_as(roles.CASEWORKER)
    group = m.TargetGroup.objects.get(key="vbe")
    page = client.get(group.get_absolute_url()).content.decode()
    assert group.source_document.title in page
    assert group.source_section in page


def test_directory_filters_have_plain_urls(client_as):
    client = client_as(roles.CASEWORKER)
    response = client.get(reverse("guidance:directory"), {"children": "on"})
    services = list(response.context["services"])
    assert services and all(service.serves_children for service in services)
    everything = client.get(reverse("guidance:directory")).context["services"]
    assert len(services) < len(everything)


def test_directory_cards_are_built_once_and_rebuilt_when_a_service_is_saved(client_as):
    client = client_as(roles.CASEWORKER)
    url = reverse("guidance:directory")
    card = "guidance/_service.html"

    first = client.get(url)
    again = client.get(url)

    assert card in [template.name for template in first.templates]
    assert card not in [template.name for template in again.templates]  # from the cache
    cards = re.compile(r'<section id="[^"]+" class="service card.*?</section>', re.S)
    shown = cards.findall(first.content.decode())
    assert len(shown) == len(first.context["services"]) > 1
    assert cards.findall(again.content.decode()) == shown
    service = first.context["services"][0]
    service.phone = "08-123 456 78"
    service.save()
    edited = client.get(url)
    assert "08-123 456 78" in edited.content.decode()
    assert [template.name for template in edited.templates].count(card) == 1


def test_directory_district_filter_keeps_city_wide_services(client_as):
    client = client_as(roles.CASEWORKER)
    district = m.District.objects.first()
    local = m.Service.objects.first()
    local.districts.set([m.District.objects.exclude(pk=district.pk).first()])
    response = client.get(reverse("guidance:directory"), {"district": district.key})
    shown = list(response.context["services"])
    assert local not in shown
    assert any(not s.districts.exists() for s in shown)


def test_an_unknown_filter_value_is_explained_not_a_server_error(client_as):
    client = client_as(roles.CASEWORKER)
    response = client.get(reverse("guidance:directory"), {"target_group": "finns-inte"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_print_view_drops_the_navigation(client_as):
    client = client_as(roles.CASEWORKER)
    url = reverse("guidance:directory")
    normal = client.get(url).content.decode()
    printed = client.get(url, {"print": "1"}).content.decode()
    assert 'aria-label="Huvudmeny"' in normal
    assert 'aria-label="Huvudmeny"' not in printed
    assert "08-702 16 80" in printed


def test_an_unverified_legal_reference_is_flagged_on_its_page(client_as):
    client = client_as(roles.CASEWORKER)
    page = client.get(reverse("guidance:legal_reference_list")).content.decode()
    assert "2025:400" in page
    assert "Ej kontrollerad mot gällande lag" in page


def test_stored_markup_is_shown_as_text(client_as):
    group = m.TargetGroup.objects.get(key="vbe")
    group.summary = "<script>alert(1)</script>"
    group.save()
    page = client_as(roles.CASEWORKER).get(group.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_directory_category_filter(client_as):
    client = client_as(roles.CASEWORKER)
    response = client.get(reverse("guidance:directory"), {"category": "health_care"})
    services = list(response.context["services"])
    assert services
    assert all(s.organisation.category == "health_care" for s in services)


def _menu(html: str) -> str:
    return html.split('aria-label="Huvudmeny"', 1)[1].split("</nav>", 1)[0]


def test_the_menu_kept_for_one_role_is_not_shown_to_another(client, make_user):
    """The menu is rendered once per set of permissions (base.html's cache): the
    consultant's, with the inbox, is not what a caseworker then gets, nor the reverse."""
    start = reverse("guidance:start")
    menus = {}
    for role in (roles.CONSULTANT, roles.CASEWORKER, roles.MANAGER):
        client.force_login(make_user(role))
        menus[role] = _menu(client.get(start).content.decode())
    client.force_login(make_user(roles.CONSULTANT, username="second-consultant"))
    again = _menu(client.get(reverse("guidance:directory")).content.decode())
    assert "Inkorg" in menus[roles.CONSULTANT] and "Inkorg" not in menus[roles.CASEWORKER]
    assert "Mina kontakter" in menus[roles.CASEWORKER]
    assert "Mina kontakter" not in menus[roles.CONSULTANT]
    assert "Statistik" in menus[roles.MANAGER] and "Statistik" not in menus[roles.CASEWORKER]
    # The start link is marked as the page shown, outside the kept part.
    assert 'aria-current="page"' in menus[roles.CONSULTANT]
    assert 'aria-current="page"' not in again
    assert "Inkorg" in again


def test_the_start_pages_lists_are_kept_and_a_saved_change_shows_at_once(
    client_as,
):
    client = client_as(roles.CASEWORKER)
    start = reverse("guidance:start")
    group = m.TargetGroup.objects.order_by("order").first()
    assert group.name in client.get(start).content.decode()
    with CaptureQueriesContext(connection) as kept:
        assert group.name in client.get(start).content.decode()
    lists = ("guidance_targetgroup", "guidance_entryroute", "guidance_topic")
    assert not [q for q in kept if any(f'FROM "{table}"' in q["sql"] for table in lists)]
    group.name = "Anhöriga till personer i ett nytt sammanhang"
    group.save()  # the worker where it is saved forgets the lists at once
    assert group.name in client.get(start).content.decode()
