"""The organisation and service forms in the admin: the inline that crashed,
sections, the key made from the name, the source of an added entry, validation."""

import pytest
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from guidance import models as m
from guidance.admin.forms import key_from_name
from guidance.sourcing import ADMIN_ADDED_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    user = make_user(roles.ADMINISTRATOR, username="ada", first_name="Ada", last_name="Andersson")
    client.force_login(user)
    return client


def _value(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(getattr(v, "pk", v)) for v in value]
    return str(value)


def form_data(response) -> dict:
    """What the admin page would post back unchanged: its form, inlines and management."""
    form = response.context["adminform"].form
    data = {name: _value(form[name].value()) for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = _value(management[name].value())
        for sub in formset.forms:
            for name in sub.fields:
                data[sub.add_prefix(name)] = _value(sub[name].value())
    # An unticked box and an empty field are not posted at all.
    return {key: value for key, value in data.items() if value not in ("False", "", [])}


def add_inline_service(data: dict, **fields) -> dict:
    index = int(data["services-TOTAL_FORMS"])
    data["services-TOTAL_FORMS"] = str(index + 1)
    values = {"description": "Samtal i grupp.", "who_it_helps": "Anhöriga.", "status": "active"}
    for name, value in {**values, **fields}.items():
        data[f"services-{index}-{name}"] = value
    return data


def _errors(response, field: str) -> list[str]:
    return response.context["adminform"].form.errors.get(field, [])


def organisation_change(key: str) -> str:
    organisation = m.Organisation.objects.get(key=key)
    return reverse("admin:guidance_organisation_change", args=[organisation.pk])


def service_change(service) -> str:
    return reverse("admin:guidance_service_change", args=[service.pk])


# --- the crash, and sourcing an added entry


def test_a_service_added_on_the_organisation_page_is_saved_not_a_500(admin_client):
    url = organisation_change("fryshuset")
    data = add_inline_service(form_data(admin_client.get(url)), name="Anhöriggruppen Söder")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    service = m.Service.objects.get(name="Anhöriggruppen Söder")
    assert service.organisation.key == "fryshuset"
    assert service.key == "anhoriggruppen-soder"
    assert service.source_document.key == ADMIN_ADDED_KEY
    today = timezone.localdate().isoformat()
    assert service.source_section == f"Tillagd av Ada Andersson {today}"
    assert service.locally_edited


def test_two_new_services_with_one_name_get_two_keys(admin_client):
    url = organisation_change("fryshuset")
    data = add_inline_service(form_data(admin_client.get(url)), name="Samtalsgrupp")
    data = add_inline_service(data, name="Samtalsgrupp")

    assert admin_client.post(url, data).status_code == 302

    keys = set(m.Service.objects.filter(name="Samtalsgrupp").values_list("key", flat=True))
    assert keys == {"samtalsgrupp", "samtalsgrupp-2"}


def test_a_local_group_and_its_service_are_added_in_one_go(admin_client):
    add = reverse("admin:guidance_organisation_add")
    data = form_data(admin_client.get(add))
    data.update(
        name="Anhöriggruppen Farsta",
        category="civil_society",
        description="En lokal grupp för anhöriga i Farsta.",
        website="https://example.se/farsta",
    )
    data = add_inline_service(data, name="Samtalsgrupp för anhöriga", phone="08-508 25 000")

    response = admin_client.post(add, data)

    assert response.status_code == 302
    organisation = m.Organisation.objects.get(name="Anhöriggruppen Farsta")
    assert organisation.key == "anhoriggruppen-farsta"
    assert organisation.source_document.key == ADMIN_ADDED_KEY
    assert organisation.source_section.startswith("Tillagd av Ada Andersson ")
    assert organisation.services.get().key == "samtalsgrupp-for-anhoriga"

    page = admin_client.get(organisation.get_absolute_url()).content.decode()
    assert "Tillagd av administratör, Tillagd av Ada Andersson" in page
    assert "Södermalm" not in page.split("Källa:")[1][:200]


def test_a_new_service_on_its_own_form_needs_no_source(admin_client):
    add = reverse("admin:guidance_service_add")
    data = form_data(admin_client.get(add))
    data.update(
        organisation=str(m.Organisation.objects.get(key="fryshuset").pk),
        name="Föräldragrupp",
        description="Stöd till föräldrar.",
        who_it_helps="Föräldrar.",
        access="unknown",
        anonymous_possible="unknown",
        status="active",
    )

    response = admin_client.post(add, data)

    assert response.status_code == 302, response.context["errors"]
    service = m.Service.objects.get(name="Föräldragrupp")
    assert service.key == "foraldragrupp"
    assert service.source_document.key == ADMIN_ADDED_KEY


def test_a_chosen_source_document_needs_its_section(admin_client):
    add = reverse("admin:guidance_organisation_add")
    data = form_data(admin_client.get(add))
    data.update(
        name="Ny förening",
        category="civil_society",
        description="x",
        source_document=str(m.SourceDocument.objects.get(key="stodmaterial-2021").pk),
    )

    response = admin_client.post(add, data)

    assert response.status_code == 200
    assert _errors(response, "source_section") == [
        "Ange avsnittet i källdokumentet, eller lämna båda fälten tomma."
    ]


# --- the key


def test_a_key_is_made_from_the_name_and_a_taken_one_gets_a_number():
    assert key_from_name("Anhöriggruppen Farsta", model=m.Organisation) == "anhoriggruppen-farsta"
    assert key_from_name("Åsa och Älvsjö", model=m.Organisation) == "asa-och-alvsjo"
    assert key_from_name("Fryshuset", model=m.Organisation) == "fryshuset-2"
    taken = {"fryshuset-2"}
    assert key_from_name("Fryshuset", model=m.Organisation, taken=taken) == "fryshuset-3"


def test_a_typed_key_is_made_into_a_key_not_refused(admin_client):
    add = reverse("admin:guidance_organisation_add")
    data = form_data(admin_client.get(add))
    data.update(
        name="Farstagruppen", category="civil_society", description="x", key="Anhöriga Farsta"
    )

    assert admin_client.post(add, data).status_code == 302
    assert m.Organisation.objects.get(name="Farstagruppen").key == "anhoriga-farsta"


def test_the_key_is_read_only_after_creation(admin_client):
    service = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    url = service_change(service)
    response = admin_client.get(url)
    assert "key" not in response.context["adminform"].form.fields
    data = form_data(response)
    data["key"] = "ny-nyckel"

    assert admin_client.post(url, data).status_code == 302

    service.refresh_from_db()
    assert service.key == "jourhavande-medmanniska-telefon"
    assert (
        "key"
        not in admin_client.get(organisation_change("fryshuset")).context["adminform"].form.fields
    )


# --- sections


def test_the_service_form_opens_with_the_service_and_ends_with_its_source(admin_client):
    response = admin_client.get(reverse("admin:guidance_service_add"))
    fieldsets = list(response.context["adminform"])

    assert [fieldset.name for fieldset in fieldsets] == [
        "Om tjänsten", "Vem den hjälper", "Kontakt", "Status och kontroll", "Källa",
    ]  # fmt: skip
    assert "collapse" in fieldsets[-1].classes
    assert "key" in fieldsets[-1].fields
    assert fieldsets[0].fields[:2] == ["organisation", "name"]
    for fieldset in fieldsets[:-1]:
        assert "source_document" not in str(fieldset.fields)


def test_the_last_check_is_shown_but_not_typed(admin_client):
    service = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    form = admin_client.get(service_change(service)).context["adminform"].form
    assert "last_verified_by" not in form.fields
    assert "todo_note" in form.fields


def test_the_organisation_form_ends_with_its_source_folded(admin_client):
    response = admin_client.get(organisation_change("fryshuset"))
    fieldsets = list(response.context["adminform"])
    assert [fieldset.name for fieldset in fieldsets] == ["Om organisationen", "Källa"]
    assert "collapse" in fieldsets[-1].classes


# --- validation, next to the field


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("minimum_age", "50", "Lägsta ålder (50) kan inte vara högre än högsta ålder (10)."),
        (
            "url",
            "ftp://example.se/fil",
            "Ange en webbadress som börjar med http:// eller https://.",
        ),
        ("phone", "ring <script>alert(1)</script>", "Skriv numret med siffror"),
        ("description", "x" * 100_000, "Texten får vara högst 2000 tecken (den har 100000)."),
        ("maximum_age", "121", "120"),
    ],
)
def test_bad_input_on_the_service_form_is_refused_next_to_the_field(
    admin_client, field, value, message
):
    service = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    url = service_change(service)
    data = form_data(admin_client.get(url))
    data.update(maximum_age="10", minimum_age="")
    data[field] = value

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert any(message in error for error in _errors(response, field)), _errors(response, field)
    # Nothing typed is lost.
    assert response.context["adminform"].form[field].value() == value


def test_an_ftp_website_is_refused_on_the_organisation_form(admin_client):
    url = organisation_change("fryshuset")
    data = form_data(admin_client.get(url))
    data["website"] = "ftp://fryshuset.se/"

    response = admin_client.post(url, data)

    assert _errors(response, "website") == [
        "Ange en webbadress som börjar med http:// eller https://."
    ]


# --- duplicates


def _new_organisation(admin_client, name: str, **extra):
    add = reverse("admin:guidance_organisation_add")
    data = form_data(admin_client.get(add))
    data.update(name=name, category="civil_society", description="x", **extra)
    return admin_client.post(add, data)


def test_the_exact_duplicate_of_an_organisation_is_refused(admin_client):
    response = _new_organisation(admin_client, " fryshuset ", confirm_similar_name="on")

    assert response.status_code == 200
    assert _errors(response, "name") == ["”Fryshuset” finns redan."]
    assert m.Organisation.objects.filter(name__iexact="fryshuset").count() == 1


def test_a_near_duplicate_is_a_warning_the_administrator_confirms(admin_client):
    response = _new_organisation(admin_client, "Fryshuset AB")

    assert response.status_code == 200
    assert "Det finns redan ett liknande namn: ”Fryshuset”" in _errors(response, "name")[0]
    page = response.content.decode()
    assert 'type="checkbox" name="confirm_similar_name"' in page
    assert "Spara ändå" in page
    assert not m.Organisation.objects.filter(name="Fryshuset AB").exists()

    confirmed = _new_organisation(admin_client, "Fryshuset AB", confirm_similar_name="on")

    assert confirmed.status_code == 302
    assert m.Organisation.objects.filter(name="Fryshuset AB").exists()


def test_the_confirmation_is_hidden_until_there_is_a_warning(admin_client):
    page = admin_client.get(reverse("admin:guidance_organisation_add")).content.decode()
    assert 'type="hidden" name="confirm_similar_name"' in page


def test_a_service_named_like_another_of_its_organisation_is_a_warning(admin_client):
    existing = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    add = reverse("admin:guidance_service_add")
    data = form_data(admin_client.get(add))
    data.update(
        organisation=str(existing.organisation.pk),
        name=existing.name.upper(),
        description="x",
        who_it_helps="x",
        access="unknown",
        anonymous_possible="unknown",
        status="active",
    )

    response = admin_client.post(add, data)

    assert response.status_code == 200
    assert "liknande namn" in _errors(response, "name")[0]
