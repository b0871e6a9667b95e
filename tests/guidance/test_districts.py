"""The districts: their contacts, their routines, the admin that keeps them,
and who answers for the content."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anhorigstod import roles
from guidance import models as m
from guidance.loading import FIXTURE_DIR, load_guidance
from guidance.templatetags.district_tags import authority_name, content_owner_line, tel_href

pytestmark = pytest.mark.django_db

KONTAKTCENTER = "Stockholms stads kontaktcenter"
KONTAKTCENTER_PHONE = "08-508 000 00"
CITY_DEFAULT = "stadens-standardrutin-allvarligt-vald"
SEED_ROUTINES = {
    "rinkeby-kista": "rinkeby-kista-uppsokande-efter-skjutning",
    "spanga-tensta": "spanga-tensta-rutin-allvarliga-handelser",
    "skarholmen": "skarholmen-krisstod-vid-skjutning",
}
# What the sources lack belongs in the editor's note, never in text a caseworker reads.
SOURCE_REMARKS = re.compile(
    r"Källorna (säger|beskriver|anger)|Källan (säger|anger)|står inte i stödmaterialet"
    r"|Stödmaterialet ger bara|Svaret säger inte",
    re.IGNORECASE,
)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- The district data ---------------------------------------------------------


def test_every_district_is_reached_through_the_kontaktcenter_marked_unverified():
    for district in m.District.objects.all():
        assert district.reception_name == KONTAKTCENTER
        assert district.reception_phone == KONTAKTCENTER_PHONE
        assert "inte från källdokumenten" in district.contact_details_source
        assert district.contact_verified_at is None
        # Nothing the seeds do not give: no mailbox, address or consultant's name.
        assert (district.mailbox, district.address, district.relative_consultant_contact) == (
            "",
            "",
            "",
        )


def test_no_district_names_a_sig_seller_the_seeds_do_not_name():
    assert not m.District.objects.filter(sig_provided_by__isnull=False).exists()
    sodermalm = m.District.objects.get(key="sodermalm")
    assert "säger inte vilken stadsdel" in sodermalm.editor_note


def _caseworker_texts():
    for district in m.District.objects.all():
        yield district.key, district.summary
        yield district.key, district.relative_support
    for routine in m.LocalRoutine.objects.all():
        yield routine.key, routine.summary
    for step in m.RoutineStep.objects.all():
        yield step.key, f"{step.action} {step.responsible}"
    for provider in m.InternalProvider.objects.all():
        yield provider.key, f"{provider.summary} {provider.body}"


def test_caseworker_text_holds_no_remarks_about_what_the_sources_lack():
    offending = [key for key, text in _caseworker_texts() if SOURCE_REMARKS.search(text)]
    assert offending == []


def test_the_remarks_moved_to_the_editors_note():
    for district in m.District.objects.filter(has_sig=False).exclude(key="sodermalm"):
        assert "Källorna säger inte om förvaltningen köper SIG-insatser" in district.editor_note
        assert "uppgift saknas – fråga mottagningen" in district.relative_support


def test_no_text_says_districts_without_sig_buy_the_service():
    for key, text in _caseworker_texts():
        assert "köper tjänsten" not in text, key
        assert "köper insatsen från en annan stadsdel vid behov" not in text, key
    navigator = m.InternalProvider.objects.get(key="sig-navigator")
    assert "Södermalms stadsdelsförvaltning" in navigator.body
    assert "SIG-insatsen för personen" in navigator.body
    assert "inte SIG-lotsarnas stöd till anhöriga" in navigator.body


def test_provider_page_does_not_generalise_the_sig_purchase(client_as):
    page = _text(
        _page(
            client_as(roles.CASEWORKER), reverse("guidance:provider_detail", args=["sig-navigator"])
        )
    )
    assert "köper tjänsten" not in page
    assert "fråga mottagningen i förvaltningen" in page


# --- Routines as data ----------------------------------------------------------


def test_the_seed_routines_belong_to_their_districts_and_cite_their_source():
    for district, key in SEED_ROUTINES.items():
        routine = m.LocalRoutine.objects.get(key=key)
        assert routine.district.key == district
        assert routine.source_document.key == "stodmaterial-2021"
        assert routine.district.name.split("-")[0] in routine.source_section
        assert routine.steps.exists()


def test_rinkeby_kista_routine_says_who_takes_the_first_contact():
    steps = m.LocalRoutine.objects.get(key=SEED_ROUTINES["rinkeby-kista"]).steps.all()
    responsible = [step.responsible for step in steps]
    assert responsible[0] == "Avdelningschefen för individ och familj"
    assert "Den som redan har en etablerad kontakt med familjen" in responsible
    assert "Biträdande enhetschef för SIG vuxna" in responsible
    assert "hembesök" in steps.last().action


def test_no_step_has_a_time_the_seeds_do_not_give():
    assert not m.RoutineStep.objects.filter(within_days__isnull=False).exists()


def test_the_city_default_routine_has_no_district_and_lives_on_the_list_page():
    routine = m.LocalRoutine.objects.get(key=CITY_DEFAULT)
    assert routine.is_city_default
    assert "stadsdelsförvaltningar som inte har en egen rutin" in routine.summary
    assert routine.get_absolute_url() == reverse("guidance:district_list") + f"#{CITY_DEFAULT}"


def test_loading_the_routines_twice_changes_nothing():
    path = FIXTURE_DIR / "90_routines.json"
    load_guidance([path])
    report = load_guidance([path])
    assert report.created == report.updated == report.kept_local_edit == []
    assert f"guidance.routinestep:{CITY_DEFAULT}-steg-1" in report.unchanged
    assert f"guidance.localroutine:{CITY_DEFAULT}" in report.unchanged


def test_loading_restores_a_step_but_keeps_the_steps_of_an_edited_routine():
    path = FIXTURE_DIR / "90_routines.json"
    step_key = f"{SEED_ROUTINES['skarholmen']}-steg-1"
    m.RoutineStep.objects.filter(key=step_key).update(action="Ändrad")

    report = load_guidance([path])
    assert f"guidance.routinestep:{step_key}" in report.updated
    assert m.RoutineStep.objects.get(key=step_key).action != "Ändrad"

    m.RoutineStep.objects.filter(key=step_key).update(action="Ändrad i admin")
    m.LocalRoutine.objects.filter(key=SEED_ROUTINES["skarholmen"]).update(locally_edited=True)
    report = load_guidance([path])
    assert f"guidance.routinestep:{step_key}" in report.kept_local_edit
    assert m.RoutineStep.objects.get(key=step_key).action == "Ändrad i admin"


# --- The pages -----------------------------------------------------------------


def test_district_page_shows_the_contact_block_marked_unverified(client_as):
    page = _page(
        client_as(roles.CASEWORKER), reverse("guidance:district_detail", args=["sodermalm"])
    )
    assert "<h1>Södermalms stadsdelsförvaltning</h1>" in page
    assert 'href="tel:0850800000"' in page
    assert "ej kontrollerad" in page
    text = _text(page)
    assert "Funktionsbrevlåda Uppgift saknas – fråga mottagningen i förvaltningen" in text
    assert "Anhörigkonsulent Uppgift saknas – fråga mottagningen" in text
    assert "Var förvaltningen köper SIG-insatsen för personen: uppgift saknas" in text


def test_a_verified_district_shows_its_mailbox_and_no_warning(client_as):
    m.District.objects.filter(key="farsta").update(
        mailbox="mottagning@example.org", contact_verified_at="2026-11-01"
    )
    page = _page(client_as(roles.CASEWORKER), reverse("guidance:district_detail", args=["farsta"]))
    assert 'href="mailto:mottagning@example.org"' in page
    assert "ej kontrollerad" not in page
    assert "kontrollerades 2026-11-01" in page


def test_a_district_buying_sig_names_the_seller(client_as):
    seller = m.District.objects.get(key="farsta")
    m.District.objects.filter(key="norrmalm").update(sig_provided_by=seller)
    page = _text(
        _page(client_as(roles.CASEWORKER), reverse("guidance:district_detail", args=["norrmalm"]))
    )
    assert "Köper SIG-insatsen för personen av Farsta stadsdelsförvaltning." in page


def test_district_page_shows_its_own_routine(client_as):
    page = _page(
        client_as(roles.CASEWORKER), reverse("guidance:district_detail", args=["rinkeby-kista"])
    )
    assert f'id="{SEED_ROUTINES["rinkeby-kista"]}"' in page
    assert "Biträdande enhetschef för SIG vuxna" in page
    assert "Ingen lokal rutin registrerad" not in page
    assert f'id="{CITY_DEFAULT}"' not in page


def test_district_without_a_routine_shows_whom_to_ask_and_the_city_default(client_as):
    page = _page(client_as(roles.CASEWORKER), reverse("guidance:district_detail", args=["bromma"]))
    text = _text(page)
    assert "Ingen lokal rutin registrerad. Fråga mottagningen i Bromma stadsdelsförvaltning" in text
    assert f'id="{CITY_DEFAULT}"' in page
    assert "Stadens standardrutin" in text
    assert "Ingen tid angiven" in text


def test_district_list_shows_which_districts_have_a_routine_and_the_city_default(client_as):
    page = _page(client_as(roles.CASEWORKER), reverse("guidance:district_list"))
    assert page.count("Egen rutin") == len(SEED_ROUTINES)
    assert f'id="{CITY_DEFAULT}"' in page


def test_district_page_queries_do_not_grow_with_routine_steps(client_as):
    client = client_as(roles.CASEWORKER)
    url = reverse("guidance:district_detail", args=["rinkeby-kista"])
    client.get(url)  # what every page keeps (the menu, the content owner) is kept
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    routine = m.LocalRoutine.objects.get(key=SEED_ROUTINES["rinkeby-kista"])
    for n in range(5):
        m.RoutineStep.objects.create(
            key=f"extra-{n}", routine=routine, order=10 + n, action="Mer", responsible="Någon"
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Södermalm", "Södermalms stadsdelsförvaltning"),
        ("Skärholmen", "Skärholmens stadsdelsförvaltning"),
        ("Enskede-Årsta-Vantör", "Enskede-Årsta-Vantörs stadsdelsförvaltning"),
        ("Farsta", "Farsta stadsdelsförvaltning"),
        ("Rinkeby-Kista", "Rinkeby-Kista stadsdelsförvaltning"),
        ("Hässelby-Vällingby", "Hässelby-Vällingby stadsdelsförvaltning"),
        ("Hägersten-Älvsjö", "Hägersten-Älvsjö stadsdelsförvaltning"),
    ],
)
def test_authority_name_is_the_genitive(name, expected):
    assert authority_name(name) == expected


def test_tel_href_keeps_only_the_digits():
    assert tel_href("08-508 000 00") == "tel:0850800000"
    assert tel_href("+46 8 508 000 00") == "tel:+46850800000"


# --- The admin -----------------------------------------------------------------


def test_district_admin_groups_its_fields(client_as):
    district = m.District.objects.get(key="sodermalm")
    page = _page(
        client_as(roles.ADMINISTRATOR),
        reverse("admin:guidance_district_change", args=[district.pk]),
    )
    for heading in ("Om förvaltningen", "Kontakt", "SIG", "Redaktionellt"):
        assert f'class="fieldset-heading">{heading}</h2>' in page
    assert 'name="editor_note"' in page
    assert 'name="reception_phone"' in page


def test_routine_admin_edits_steps_inline_and_keeps_history(client_as):
    client = client_as(roles.ADMINISTRATOR)
    routine = m.LocalRoutine.objects.get(key=SEED_ROUTINES["spanga-tensta"])
    page = _page(client, reverse("admin:guidance_localroutine_change", args=[routine.pk]))
    assert "steps-TOTAL_FORMS" in page
    _page(client, reverse("admin:guidance_localroutine_history", args=[routine.pk]))
    district = routine.district
    _page(client, reverse("admin:guidance_district_history", args=[district.pk]))


def test_routine_admin_filters_by_district_and_city_default(client_as):
    client = client_as(roles.ADMINISTRATOR)
    url = reverse("admin:guidance_localroutine_changelist")
    city = client.get(url, {"forvaltning": "stadens-standard"}).context["cl"].queryset
    assert [r.key for r in city] == [CITY_DEFAULT]
    skarholmen = client.get(url, {"forvaltning": "skarholmen"}).context["cl"].queryset
    assert [r.key for r in skarholmen] == [SEED_ROUTINES["skarholmen"]]


def test_saving_a_routine_in_the_admin_marks_it_edited(client_as):
    client = client_as(roles.ADMINISTRATOR)
    routine = m.LocalRoutine.objects.get(key=SEED_ROUTINES["skarholmen"])
    steps = list(routine.steps.all())
    data = {
        "key": routine.key,
        "name": routine.name,
        "district": routine.district.pk,
        "applies_when": routine.applies_when,
        "summary": routine.summary,
        "source_document": routine.source_document.pk,
        "source_section": routine.source_section,
        "editor_note": routine.editor_note,
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": len(steps),
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for i, step in enumerate(steps):
        data.update(
            {
                f"steps-{i}-id": step.pk,
                f"steps-{i}-routine": routine.pk,
                f"steps-{i}-key": step.key,
                f"steps-{i}-order": step.order,
                f"steps-{i}-action": "Ny text" if i == 0 else step.action,
                f"steps-{i}-responsible": step.responsible,
                f"steps-{i}-within_days": "",
            }
        )
    response = client.post(reverse("admin:guidance_localroutine_change", args=[routine.pk]), data)
    assert response.status_code == 302
    routine.refresh_from_db()
    assert routine.locally_edited
    assert routine.steps.first().action == "Ny text"


def test_content_owner_admin_is_a_singleton(client_as):
    client = client_as(roles.ADMINISTRATOR)
    add = reverse("admin:guidance_contentowner_add")
    assert client.get(add).status_code == 200
    owner = m.ContentOwner.objects.create(name="Enheten för anhörigstöd", email="a@example.org")
    assert client.get(add).status_code == 403
    delete = reverse("admin:guidance_contentowner_delete", args=[owner.pk])
    assert client.get(delete).status_code == 403
    _page(client, reverse("admin:guidance_contentowner_history", args=[owner.pk]))


# --- The content owner in the footer -------------------------------------------


def test_footer_names_the_publisher_when_no_owner_is_set(client_as):
    page = _page(client_as(roles.CASEWORKER), reverse("guidance:district_list"))
    footer = page[page.index("<footer") :]
    assert "Ansvarig för innehållet: Socialförvaltningen, Stockholms stad" in _text(footer)
    assert "mailto:" not in footer


def test_footer_names_the_content_owner_with_a_mailbox(client_as):
    m.ContentOwner.objects.create(name="Enheten för anhörigstöd", email="anhorig@example.org")
    page = _page(client_as(roles.CASEWORKER), reverse("guidance:start"))
    footer = page[page.index("<footer") :]
    assert "Ansvarig för innehållet: Enheten för anhörigstöd," in _text(footer)
    assert '<a href="mailto:anhorig@example.org">anhorig@example.org</a>' in footer


def test_the_content_owner_is_read_in_one_query_then_kept(django_assert_num_queries):
    m.ContentOwner.objects.create(name="Enheten", email="e@example.org")
    with django_assert_num_queries(1):
        assert content_owner_line()["owner"].name == "Enheten"
    with django_assert_num_queries(0):
        assert content_owner_line()["owner"].name == "Enheten"


def test_no_owner_is_kept_too_and_a_saved_owner_shows_at_once(client_as, django_assert_num_queries):
    assert content_owner_line()["owner"] is None
    with django_assert_num_queries(0):
        assert content_owner_line()["owner"] is None
    owner = m.ContentOwner.objects.create(name="Enheten", email="e@example.org")
    client = client_as(roles.ADMINISTRATOR)
    change = reverse("admin:guidance_contentowner_change", args=[owner.pk])
    client.post(change, {"name": "Avdelningen för stöd", "email": "stod@example.org"})
    footer = _page(client, reverse("guidance:start")).split("<footer", 1)[1]
    assert "Ansvarig för innehållet: Avdelningen för stöd," in _text(footer)


def test_every_district_and_routine_passes_the_models_validation():
    """Length limits are enforced by PostgreSQL, not by SQLite: check them here."""
    items = [
        *m.District.objects.all(),
        *m.LocalRoutine.objects.all(),
        *m.RoutineStep.objects.all(),
    ]
    for item in items:
        item.full_clean(validate_unique=False)


def test_a_district_reception_phone_must_be_a_phone_number():
    """The handout's call-back paragraph dials it: junk must not reach a tel: link."""
    from django.core.exceptions import ValidationError

    district = m.District.objects.get(key="farsta")
    district.reception_phone = "ring <script>alert(1)</script>"
    with pytest.raises(ValidationError) as refused:
        district.full_clean()
    assert list(refused.value.message_dict) == ["reception_phone"]
    district.reception_phone = "08-508 000 00"
    district.full_clean()
