"""Outreach in the admin (issue 16, ask 7): routines per district with their steps'
history, the city default kept, and who may register incidents per district."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from anhorigstod import roles
from guidance import models as m
from referrals.outreach.models import (
    Incident,
    IncidentRegistrar,
    OutreachPlan,
    OutreachTask,
    RelativeReached,
)
from tests.guidance.admin_forms import change_form_data
from tests.test_admin_swedish import english_in, visible_text

pytestmark = pytest.mark.django_db

WITHOUT_OWN = "Saknar egen rutin – stadens standardrutin används"


@pytest.fixture
def administrator(client_as):
    return client_as(roles.ADMINISTRATOR)


def city_default():
    return m.LocalRoutine.objects.get(
        district=None, applies_when=m.LocalRoutine.AppliesWhen.SERIOUS_VIOLENCE
    )


def routine_of(district_key: str):
    return m.LocalRoutine.objects.get(district__key=district_key)


def refused(response) -> bool:
    """The Swedish message that the city default stays."""
    texts = [str(message) for message in response.context["messages"]]
    return any("Stadens standardrutin kan inte tas bort" in text for text in texts)


# --- routines per district


def test_the_list_shows_every_district_with_its_routine_or_the_default(administrator):
    response = administrator.get(reverse("admin:guidance_localroutine_changelist"))
    overview = response.context["districts_overview"]
    assert len(overview) == m.District.objects.count() == 13
    by_key = {row["district"].key: row["routine"] for row in overview}
    assert by_key["rinkeby-kista"] == routine_of("rinkeby-kista")
    assert by_key["farsta"] is None

    page = visible_text(response)
    assert "Rutin efter skjutning eller dödligt våld per förvaltning" in page
    # Ten districts without a routine of their own: Farsta among them.
    assert page.count(WITHOUT_OWN) == 10
    assert "Stadens standardrutin" in page  # the default's row in the list


def test_the_city_default_is_labelled_on_its_page(administrator):
    default = city_default()
    page = administrator.get(
        reverse("admin:guidance_localroutine_change", args=[default.pk])
    ).content.decode()
    assert 'id="city-default-note"' in page
    assert "kan ändras men inte tas bort" in page
    assert reverse("admin:guidance_localroutine_delete", args=[default.pk]) not in page

    other = routine_of("skarholmen")
    page = administrator.get(
        reverse("admin:guidance_localroutine_change", args=[other.pk])
    ).content.decode()
    assert 'id="city-default-note"' not in page


def test_the_city_default_cannot_be_deleted(administrator):
    default = city_default()
    url = reverse("admin:guidance_localroutine_delete", args=[default.pk])
    for response in (
        administrator.get(url, follow=True),
        administrator.post(url, {"post": "yes"}, follow=True),
    ):
        assert response.redirect_chain[-1][0] == reverse(
            "admin:guidance_localroutine_change", args=[default.pk]
        )
        assert refused(response)
    assert m.LocalRoutine.objects.filter(pk=default.pk).exists()


def test_the_city_default_cannot_be_deleted_among_others(administrator):
    default, other = city_default(), routine_of("skarholmen")
    response = administrator.post(
        reverse("admin:guidance_localroutine_changelist"),
        {"action": "delete_selected", "_selected_action": [default.pk, other.pk], "post": "yes"},
        follow=True,
    )
    assert refused(response)
    assert m.LocalRoutine.objects.filter(pk__in=[default.pk, other.pk]).count() == 2


def test_a_districts_routine_can_still_be_deleted(administrator):
    other = routine_of("skarholmen")
    response = administrator.post(
        reverse("admin:guidance_localroutine_delete", args=[other.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not m.LocalRoutine.objects.filter(pk=other.pk).exists()


def test_the_city_default_is_not_moved_to_a_district(administrator):
    default = city_default()
    url = reverse("admin:guidance_localroutine_change", args=[default.pk])
    farsta = m.District.objects.get(key="farsta")
    response = administrator.post(url, change_form_data(administrator.get(url), district=farsta.pk))
    assert response.status_code == 200
    error = response.context["adminform"].form.errors["district"][0]
    assert "kan inte flyttas till en förvaltning" in error
    assert city_default().district is None


def test_a_second_city_default_is_refused_in_swedish(administrator):
    response = administrator.post(
        reverse("admin:guidance_localroutine_add"),
        {
            "name": "En annan standardrutin",
            "applies_when": m.LocalRoutine.AppliesWhen.SERIOUS_VIOLENCE,
            "summary": "Något.",
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert (
        "Det finns redan en standardrutin"
        in response.context["adminform"].form.errors["district"][0]
    )


def test_a_routine_added_for_a_district_gets_key_source_and_step_keys(administrator):
    farsta = m.District.objects.get(key="farsta")
    response = administrator.post(
        reverse("admin:guidance_localroutine_add"),
        {
            "name": "Uppsökande arbete i Farsta",
            "district": farsta.pk,
            "applies_when": m.LocalRoutine.AppliesWhen.SERIOUS_VIOLENCE,
            "summary": "Farstas rutin efter skjutning.",
            "steps-TOTAL_FORMS": "2",
            "steps-INITIAL_FORMS": "0",
            "steps-0-order": "1",
            "steps-0-action": "Kontaktar de anhöriga.",
            "steps-0-responsible": "Anhörigkonsulenten",
            "steps-0-within_days": "1",
            "steps-1-order": "2",
            "steps-1-action": "Erbjuder stödsamtal.",
            "steps-1-responsible": "Anhörigkonsulenten",
            "steps-1-within_days": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    routine = routine_of("farsta")
    assert routine.key == "uppsokande-arbete-i-farsta"
    assert routine.source_document.title == "Tillagd av administratör"
    assert routine.source_section.startswith("Tillagd av ")
    assert sorted(routine.steps.values_list("key", "within_days")) == [
        ("uppsokande-arbete-i-farsta-steg-1", 1),
        ("uppsokande-arbete-i-farsta-steg-2", None),
    ]
    # Farsta now has its own routine: the list no longer says it uses the default.
    overview = administrator.get(reverse("admin:guidance_localroutine_changelist")).context[
        "districts_overview"
    ]
    assert {row["district"].key: row["routine"] for row in overview}["farsta"] == routine


def test_the_step_days_explain_the_default(administrator):
    routine = routine_of("spanga-tensta")
    page = administrator.get(
        reverse("admin:guidance_localroutine_change", args=[routine.pk])
    ).content.decode()
    assert "Lämna tomt: uppgiften ska vara klar 2 dagar efter händelsen." in page


def test_a_steps_change_is_on_the_routines_history_page(administrator):
    routine = routine_of("spanga-tensta")
    step = routine.steps.order_by("order").first()
    url = reverse("admin:guidance_localroutine_change", args=[routine.pk])
    response = administrator.post(
        url, change_form_data(administrator.get(url), **{"steps-0-within_days": "3"})
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.within_days == 3

    history = administrator.get(reverse("admin:guidance_localroutine_history", args=[routine.pk]))
    latest = history.context["step_history"][0]
    assert (latest.id, latest.within_days, latest.history_type) == (step.pk, 3, "~")
    page = visible_text(history)
    assert "Ändringar av rutinens steg" in page and "Ändrat" in page
    assert english_in(page) == []


def test_the_routine_pages_are_in_swedish(administrator):
    default = city_default()
    urls = [
        reverse("admin:guidance_localroutine_changelist"),
        reverse("admin:guidance_localroutine_add"),
        reverse("admin:guidance_localroutine_change", args=[default.pk]),
        reverse("admin:guidance_localroutine_history", args=[default.pk]),
        reverse("admin:referrals_incidentregistrar_changelist"),
        reverse("admin:referrals_incidentregistrar_add"),
        reverse("admin:guidance_district_change", args=[m.District.objects.get(key="farsta").pk]),
    ]
    found = {url: english_in(visible_text(administrator.get(url))) for url in urls}
    assert {url: words for url, words in found.items() if words} == {}


# --- who may register incidents


@pytest.fixture
def skarholmen_manager(district_staff):
    user = district_staff(roles.MANAGER, "skarholmen", "chef-skarholmen")
    user.first_name, user.last_name = "Sam", "Chef"
    user.save()
    return user


def test_a_registrar_is_added_for_a_district(administrator, district_staff):
    head = district_staff(roles.MANAGER, "farsta", "avdelningschef")
    skarholmen = m.District.objects.get(key="skarholmen")
    response = administrator.post(
        reverse("admin:referrals_incidentregistrar_add"),
        {"district": skarholmen.pk, "user": head.pk, "function": "Avdelningschef IoF"},
    )
    assert response.status_code == 302
    row = IncidentRegistrar.objects.get()
    assert (row.district, row.user, row.function) == (skarholmen, head, "Avdelningschef IoF")


def test_only_active_staff_with_a_registering_role_can_be_chosen(
    administrator, district_staff, make_user
):
    chosen = {
        district_staff(roles.CASEWORKER, "farsta", "hl"),
        district_staff(roles.CONSULTANT, "farsta", "ak"),
        district_staff(roles.MANAGER, "farsta", "ch"),
    }
    inactive = district_staff(roles.MANAGER, "farsta", "slutat")
    inactive.is_active = False
    inactive.save()
    make_user(roles.USER_ADMINISTRATOR, "ua")
    make_user(None, "utan-roll")

    form = (
        administrator.get(reverse("admin:referrals_incidentregistrar_add"))
        .context["adminform"]
        .form
    )
    assert set(form.fields["user"].queryset) == chosen

    skarholmen = m.District.objects.get(key="skarholmen")
    response = administrator.post(
        reverse("admin:referrals_incidentregistrar_add"),
        {"district": skarholmen.pk, "user": inactive.pk},
    )
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not IncidentRegistrar.objects.exists()


def test_registrars_are_listed_filtered_by_district_and_found_by_name(
    administrator, skarholmen_manager, district_staff
):
    skarholmen = m.District.objects.get(key="skarholmen")
    farsta = m.District.objects.get(key="farsta")
    IncidentRegistrar.objects.create(district=farsta, user=skarholmen_manager, function="Jour")
    other = district_staff(roles.CONSULTANT, "farsta", "annan")
    IncidentRegistrar.objects.create(district=skarholmen, user=other)
    url = reverse("admin:referrals_incidentregistrar_changelist")

    filtered = administrator.get(url, {"district__id__exact": farsta.pk})
    assert [row.user for row in filtered.context["cl"].result_list] == [skarholmen_manager]
    found = administrator.get(url, {"q": "Sam"})
    assert [row.user for row in found.context["cl"].result_list] == [skarholmen_manager]
    assert "Sam Chef (chef-skarholmen)" in found.content.decode()


def test_a_districts_page_shows_who_else_may_register(administrator, skarholmen_manager):
    farsta = m.District.objects.get(key="farsta")
    IncidentRegistrar.objects.create(district=farsta, user=skarholmen_manager, function="Jour")
    url = reverse("admin:guidance_district_change", args=[farsta.pk])
    response = administrator.get(url)
    page = response.content.decode()
    assert "utöver förvaltningens egna handläggare, anhörigkonsulenter och chefer" in page
    assert "Sam Chef (chef-skarholmen)" in page

    # Removed on the district's page.
    data = change_form_data(response, **{"incident_registrars-0-DELETE": "on"})
    assert administrator.post(url, data).status_code == 302
    assert not IncidentRegistrar.objects.exists()


# --- what the administrator may and may not see


def test_the_administrator_manages_registrars_and_reads_no_incidents():
    administrator = Group.objects.get(name=roles.ADMINISTRATOR)
    held = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(group=administrator).select_related("content_type")
    }
    assert {
        f"referrals.{action}_incidentregistrar" for action in ("view", "add", "change", "delete")
    } <= held
    for model in ("incident", "outreachplan", "outreachtask", "relativereached"):
        assert not {name for name in held if name.endswith(f"_{model}")}
    assert roles.FOLLOW_OUTREACH not in held and roles.REGISTER_INCIDENT not in held


def test_incidents_plans_tasks_and_relatives_reached_have_no_admin():
    for model in (Incident, OutreachPlan, OutreachTask, RelativeReached):
        assert not admin.site.is_registered(model)
    assert admin.site.is_registered(IncidentRegistrar)
