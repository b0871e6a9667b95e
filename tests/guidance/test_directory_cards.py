"""A change in the admin shows in the directory at once (issue 15, ask 6)."""

import pytest
from django.test import Client
from django.urls import reverse

from anhorigstod import roles
from guidance import models as m
from tests.guidance.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(make_user):
    client = Client()
    client.force_login(make_user(roles.ADMINISTRATOR, username="admin-kort"))
    return client


@pytest.fixture
def caseworker_client(caseworker):
    client = Client()
    client.force_login(caseworker)
    return client


@pytest.fixture
def service():
    # The first card on the directory's first page, with a phone of its own.
    service = m.Service.objects.filter(status="active").order_by("organisation__name", "name")[0]
    service.phone = "08-111 11 11"
    service.save()
    return service


def directory(client, **params) -> str:
    return client.get(reverse("guidance:directory"), params).content.decode()


def card(page: str, service) -> str:
    start = page.index(f'<section id="{service.key}"')
    return page[start : page.index("</section>", start)]


def save_in_admin(client, service, **changes):
    url = reverse("admin:guidance_service_change", args=[service.pk])
    data = change_form_data(client.get(url), **changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_a_phone_changed_in_the_admin_shows_on_the_card_at_once(
    administrator, caseworker_client, service
):
    assert "08-111 11 11" in card(directory(caseworker_client), service)

    save_in_admin(administrator, service, phone="08-222 22 22")

    shown = card(directory(caseworker_client), service)
    assert "08-222 22 22" in shown
    assert "08-111 11 11" not in shown


def test_districts_changed_in_the_admin_change_the_directory_at_once(
    administrator, caseworker_client, service
):
    farsta, other = m.District.objects.order_by("name")[:2]
    service.districts.set([other])
    assert f'id="{service.key}"' not in directory(caseworker_client, district=farsta.key)

    save_in_admin(administrator, service, districts=[str(farsta.pk)])

    assert f'id="{service.key}"' in directory(caseworker_client, district=farsta.key)


def test_a_renamed_target_group_and_a_new_check_show_on_the_card(caseworker_client, service):
    group = m.TargetGroup.objects.first()
    service.target_groups.set([group])
    assert group.name in card(directory(caseworker_client), service)

    # Neither touches the service's own row.
    m.TargetGroup.objects.filter(pk=group.pk).update(name="Omdöpt målgrupp")
    assert "Omdöpt målgrupp" in card(directory(caseworker_client), service)

    m.ServiceCheck.objects.create(service=service, checked_on="2026-11-01", checked_by_name="Test")
    m.Service.objects.filter(pk=service.pk).update(last_verified_at="2026-11-01")
    assert "2026" in card(directory(caseworker_client), service)


def test_an_organisation_renamed_in_the_admin_shows_on_its_cards(caseworker_client, service):
    directory(caseworker_client)
    organisation = service.organisation
    organisation.name = "Nytt namn på organisationen"
    organisation.save()
    assert "Nytt namn på organisationen" in card(directory(caseworker_client), service)
