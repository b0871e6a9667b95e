"""Admin search and filters over the directory (issue 15, ask 6).

Runs on SQLite and, with DATABASE_URL set, on PostgreSQL: the phone search
compares digits in the database with nested REPLACE calls both understand.
"""

import pytest
from django.urls import reverse

from anhorigstod import roles
from guidance import models as m
from guidance.admin.search import phone_digits_term

pytestmark = pytest.mark.django_db

SERVICES = "admin:guidance_service_changelist"
ORGANISATIONS = "admin:guidance_organisation_changelist"


def listed(client, url_name, **params) -> set:
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return set(response.context["cl"].queryset)


@pytest.fixture
def admin_client(client_as):
    return client_as(roles.ADMINISTRATOR)


@pytest.fixture
def service():
    service = m.Service.objects.select_related("organisation").first()
    m.Service.objects.filter(pk=service.pk).update(
        phone="08-508 25 000",
        email="farsta.anhorig@example.se",
        url="https://example.se/anhoriggruppen-farsta",
        description="Samtalsgrupp för föräldrar, kvällstid i Farstaborg.",
    )
    service.refresh_from_db()
    return service


@pytest.mark.parametrize(
    "term",
    ["farsta.anhorig@example.se", "anhoriggruppen-farsta", "Farstaborg", "08-508 25 000"],
)
def test_service_search_covers_description_web_address_email_and_phone(admin_client, service, term):
    assert listed(admin_client, SERVICES, q=term) == {service}


@pytest.mark.parametrize("term", ["0850825000", "08 50825000", "+46 8 508 250 00"])
def test_phone_is_found_by_its_digits_however_typed(admin_client, service, term):
    assert service in listed(admin_client, SERVICES, q=term)


def test_search_by_name_and_organisation_still_works(admin_client, service):
    assert service in listed(admin_client, SERVICES, q=service.organisation.name)


def test_a_word_search_never_matches_by_digits():
    assert phone_digits_term("Fryshuset") == []
    assert phone_digits_term("112") == []
    assert phone_digits_term("+46 8-508 250 00") == ["46850825000", "0850825000"]


def test_organisation_search_covers_description_and_website(admin_client):
    organisation = m.Organisation.objects.first()
    m.Organisation.objects.filter(pk=organisation.pk).update(
        description="Ideell förening i Hökarängen.", website="https://hokarangen.example.se/"
    )
    assert listed(admin_client, ORGANISATIONS, q="Hökarängen") == {organisation}
    assert listed(admin_client, ORGANISATIONS, q="hokarangen.example") == {organisation}


def test_filter_by_district_and_whole_city(admin_client):
    district = m.District.objects.order_by("name").first()
    local = m.Service.objects.first()
    local.districts.set([district])
    whole_city = set(m.Service.objects.filter(districts__isnull=True))

    in_district = listed(admin_client, SERVICES, stadsdel=district.key)
    assert local in in_district
    assert all(district in s.districts.all() for s in in_district)
    assert listed(admin_client, SERVICES, stadsdel="hela-staden") == whole_city
    assert local not in whole_city


def test_filter_by_target_group_and_language(admin_client):
    group = m.TargetGroup.objects.first()
    language = m.Language.objects.first()
    service = m.Service.objects.exclude(target_groups=group).first()
    service.target_groups.add(group)
    service.languages.add(language)

    by_group = listed(admin_client, SERVICES, malgrupp=group.key)
    by_language = listed(admin_client, SERVICES, sprak=language.code)

    assert by_group == set(m.Service.objects.filter(target_groups=group))
    assert by_language == set(m.Service.objects.filter(languages=language))
    assert service in by_group and service in by_language


def test_filter_by_status(admin_client):
    service = m.Service.objects.first()
    m.Service.objects.filter(pk=service.pk).update(status=m.Service.Status.TEMPORARILY_CLOSED)
    assert listed(admin_client, SERVICES, status__exact="temporarily_closed") == {service}


def test_filter_choices_are_shown_in_swedish(admin_client):
    page = admin_client.get(reverse(SERVICES)).content.decode()
    for title in ("stadsdelsförvaltning", "målgrupp", "språk", "Hela staden", "kontroll"):
        assert title in page
