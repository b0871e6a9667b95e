"""The fixtures and the administrator's edits: per-field updates, conflicts,
tombstones and renamed keys (``guidance.loading``, ``guidance.fixture_sync``)."""

import importlib
import json
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from guidance import fixture_sync as sync
from guidance import models as m
from guidance.loading import FIXTURE_DIR, load_guidance

pytestmark = pytest.mark.django_db

SERVICE = "brottsofferjouren-stod"
SERVICES = FIXTURE_DIR / "85_services.json"


def fixture_entry(path, key):
    return next(
        e for e in json.loads(path.read_text(encoding="utf-8")) if e["fields"]["key"] == key
    )


def write_fixture(tmp_path, path, item_key, **fields):
    """A one-object fixture: the item ``item_key`` from ``path`` with ``fields`` changed."""
    entry = fixture_entry(path, item_key)
    entry["fields"].update(fields)
    target = tmp_path / path.name
    target.write_text(json.dumps([entry], ensure_ascii=False), encoding="utf-8")
    return target


@pytest.fixture
def administrator(make_user):
    return make_user(roles.ADMINISTRATOR, username="ada")


def admin_save(obj, user, **changes):
    """Save ``obj`` through its admin, as the administrator does, with ``changes``."""
    for name, value in changes.items():
        setattr(obj, name, value)
    request = RequestFactory().post("/admin/")
    request.user = user
    admin.site._registry[type(obj)].save_model(request, obj, form=None, change=True)


def service():
    return m.Service.objects.get(key=SERVICE)


# --- Per-field edits --------------------------------------------------------------


def test_an_admin_edit_marks_only_the_changed_field(administrator):
    admin_save(service(), administrator, phone="08-000 00 00")
    edits = m.LocalEdit.objects.filter(model_label="guidance.service", object_key=SERVICE)
    assert [(e.field, e.edited_by) for e in edits] == [("phone", administrator)]
    assert edits.get().base_value == fixture_entry(SERVICES, SERVICE)["fields"]["phone"]
    assert service().locally_edited


def test_the_fixture_updates_the_fields_the_administrator_did_not_change(tmp_path, administrator):
    admin_save(service(), administrator, phone="08-000 00 00")
    path = write_fixture(tmp_path, SERVICES, SERVICE, description="Ny text från fixturen.")

    report = load_guidance([path])

    assert report.updated == [f"guidance.service:{SERVICE}"]
    assert report.conflicts == []
    fresh = service()
    assert fresh.description == "Ny text från fixturen."
    assert fresh.phone == "08-000 00 00"
    assert not m.FixtureConflict.objects.exists()


def test_a_fixture_change_to_a_many_to_many_field_follows_unless_edited(tmp_path, administrator):
    group = m.TargetGroup.objects.get(key="vbe")
    path = write_fixture(tmp_path, SERVICES, SERVICE, target_groups=[["vbe"]])
    load_guidance([path])
    assert list(service().target_groups.all()) == [group]

    admin_save(service(), administrator, name="Eget namn")
    path = write_fixture(tmp_path, SERVICES, SERVICE, target_groups=[])
    load_guidance([path])
    assert list(service().target_groups.all()) == []
    assert service().name == "Eget namn"


def test_a_check_never_freezes_fixture_updates(tmp_path, administrator):
    """Verifying sets the check date and who: not a local edit of the content."""
    today = timezone.localdate()
    admin_save(service(), administrator, last_verified_at=today, last_verified_by="ada")
    assert not m.LocalEdit.objects.exists()
    assert not service().locally_edited

    path = write_fixture(tmp_path, SERVICES, SERVICE, description="Ny text från fixturen.")
    load_guidance([path])

    fresh = service()
    assert fresh.description == "Ny text från fixturen."
    assert fresh.last_verified_at == today  # later than the fixture's date: kept


def test_when_the_fixture_catches_up_the_edit_mark_goes(tmp_path, administrator):
    admin_save(service(), administrator, phone="08-111 11 11")
    path = write_fixture(tmp_path, SERVICES, SERVICE, phone="08-111 11 11")

    report = load_guidance([path])

    assert report.conflicts == []
    assert not m.LocalEdit.objects.exists()
    assert not service().locally_edited


# --- Conflicts --------------------------------------------------------------------


def make_conflict(tmp_path, administrator):
    admin_save(service(), administrator, phone="08-000 00 00")
    return write_fixture(tmp_path, SERVICES, SERVICE, phone="08-222 22 22")


def test_a_fixture_change_to_an_edited_field_is_a_stored_conflict(tmp_path, administrator):
    path = make_conflict(tmp_path, administrator)

    report = load_guidance([path])

    assert report.conflicts == [f"guidance.service:{SERVICE}.phone"]
    conflict = m.FixtureConflict.objects.get()
    assert (conflict.model_label, conflict.object_key, conflict.field) == (
        "guidance.service",
        SERVICE,
        "phone",
    )
    assert conflict.fixture_value == "08-222 22 22"
    assert conflict.database_value == "08-000 00 00"
    assert conflict.found_at is not None
    assert service().phone == "08-000 00 00"


def writes(queries) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE")
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(verbs)]


def test_a_second_load_writes_nothing_and_reports_no_new_conflict(tmp_path, administrator):
    path = make_conflict(tmp_path, administrator)
    load_guidance([path])
    found_at = m.FixtureConflict.objects.get().found_at

    with CaptureQueriesContext(connection) as queries:
        report = load_guidance([path])

    assert writes(queries.captured_queries) == []
    assert report.conflicts == report.updated == report.created == []
    assert m.FixtureConflict.objects.get().found_at == found_at


def test_a_full_second_load_writes_nothing_after_edits_and_deletions(tmp_path, administrator):
    """Idempotence with every kind of record present (run on PostgreSQL too)."""
    admin_save(service(), administrator, phone="08-000 00 00")
    request = RequestFactory().post("/admin/")
    request.user = administrator
    admin.site._registry[m.TargetGroup].delete_model(request, m.TargetGroup.objects.get(key="vbe"))
    load_guidance()

    with CaptureQueriesContext(connection) as queries:
        report = load_guidance()

    assert writes(queries.captured_queries) == []
    assert report.created == report.updated == report.conflicts == []


def test_the_command_prints_only_real_conflicts(tmp_path, administrator):
    admin_save(m.Service.objects.exclude(key=SERVICE).first(), administrator, phone="1")
    path = make_conflict(tmp_path, administrator)
    out = StringIO()

    call_command("load_guidance", str(path), stdout=out)

    printed = out.getvalue()
    assert f"skiljer sig: guidance.service:{SERVICE}.phone" in printed
    assert printed.count("skiljer sig") == 1
    assert "1 skillnader mot fixturen väntar" in printed


def test_use_the_fixture_version_applies_it_and_keeps_history(tmp_path, administrator):
    load_guidance([make_conflict(tmp_path, administrator)])
    before = service().history.count()

    assert sync.use_fixture_version(list(m.FixtureConflict.objects.all())) == 1

    fresh = service()
    assert fresh.phone == "08-222 22 22"
    assert not fresh.locally_edited
    assert not m.LocalEdit.objects.exists()
    assert not m.FixtureConflict.objects.exists()
    assert fresh.history.count() == before + 1
    assert "Fixturens version" in fresh.history.first().history_change_reason


def test_keep_mine_dismisses_until_the_fixture_changes_again(tmp_path, administrator):
    path = make_conflict(tmp_path, administrator)
    load_guidance([path])

    sync.keep_local_version(list(m.FixtureConflict.objects.all()), user=administrator)

    assert not m.FixtureConflict.objects.exists()
    assert load_guidance([path]).conflicts == []
    assert service().phone == "08-000 00 00"
    again = write_fixture(tmp_path, SERVICES, SERVICE, phone="08-333 33 33")
    assert load_guidance([again]).conflicts == [f"guidance.service:{SERVICE}.phone"]


def test_items_edited_before_per_field_tracking_show_each_difference_once(tmp_path):
    """The migration marks every field with an unknown base: the first load
    keeps the marks where the item differs from the fixture, as conflicts."""
    m.Service.objects.filter(key=SERVICE).update(locally_edited=True, phone="08-000 00 00")
    migration = importlib.import_module("guidance.migrations.0009_fixture_sync")
    migration.mark_every_field_of_edited_items(django_apps, None)
    assert m.LocalEdit.objects.filter(object_key=SERVICE).count() > 10

    report = load_guidance([SERVICES])

    assert report.conflicts == [f"guidance.service:{SERVICE}.phone"]
    assert list(m.LocalEdit.objects.values_list("field", flat=True)) == ["phone"]
    assert service().locally_edited
    assert load_guidance([SERVICES]).conflicts == []


# --- Tombstones -------------------------------------------------------------------


def test_a_deleted_fixture_item_stays_deleted(administrator):
    group = m.TargetGroup.objects.get(key="vbe")
    request = RequestFactory().post("/admin/")
    request.user = administrator
    admin.site._registry[m.TargetGroup].delete_model(request, group)

    tombstone = m.FixtureTombstone.objects.get()
    assert (tombstone.model_label, tombstone.object_key) == ("guidance.targetgroup", "vbe")
    assert tombstone.deleted_by == administrator

    report = load_guidance()
    assert report.deleted_by_administrator == ["guidance.targetgroup:vbe"]
    assert not m.TargetGroup.objects.filter(key="vbe").exists()
    # A service the fixture still links to it keeps its other target groups.
    linked = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    assert linked.target_groups.count() == 2
    second = load_guidance()
    assert second.deleted_by_administrator == second.created == second.updated == []


def test_deleting_an_organisation_tombstones_its_services_and_the_load_still_runs(
    administrator,
):
    organisation = m.Organisation.objects.get(key="brottsofferjouren")
    keys = set(organisation.services.values_list("key", flat=True))
    request = RequestFactory().post("/admin/")
    request.user = administrator
    admin.site._registry[m.Organisation].delete_queryset(
        request, m.Organisation.objects.filter(pk=organisation.pk)
    )

    report = load_guidance()

    assert set(report.deleted_by_administrator) == {"guidance.organisation:brottsofferjouren"} | {
        f"guidance.service:{key}" for key in keys
    }
    assert not m.Service.objects.filter(key__in=keys).exists()


def test_an_item_the_administrator_added_leaves_no_tombstone(administrator):
    source = m.SourceDocument.objects.first()
    group = m.TargetGroup.objects.create(
        key="egen-grupp", name="Egen", source_document=source, source_section="-", order=99
    )
    request = RequestFactory().post("/admin/")
    request.user = administrator
    admin.site._registry[m.TargetGroup].delete_model(request, group)
    assert not m.FixtureTombstone.objects.exists()


# --- Renamed keys -----------------------------------------------------------------


def test_a_renamed_key_renames_the_row_without_a_duplicate_or_dead_search_hit(
    tmp_path, administrator
):
    old = service()
    admin_save(old, administrator, phone="08-000 00 00")
    history = old.history.count()
    path = write_fixture(tmp_path, SERVICES, SERVICE, key="brottsofferjouren-anhoriga")
    renames = [{"model": "guidance.service", "old": SERVICE, "new": "brottsofferjouren-anhoriga"}]

    report = load_guidance([path], renames=renames)

    assert report.renamed == [f"guidance.service:{SERVICE} → brottsofferjouren-anhoriga"]
    assert report.created == []
    renamed = m.Service.objects.get(key="brottsofferjouren-anhoriga")
    assert renamed.pk == old.pk
    assert renamed.phone == "08-000 00 00"  # the local edit came along
    assert renamed.history.count() == history + 1
    assert not m.Service.objects.filter(key=SERVICE).exists()
    assert not m.SearchDocument.objects.filter(kind="service", object_key=SERVICE).exists()
    document = m.SearchDocument.objects.get(kind="service", object_key="brottsofferjouren-anhoriga")
    assert document.url == renamed.get_absolute_url()
    edit = m.LocalEdit.objects.get()
    assert edit.object_key == "brottsofferjouren-anhoriga"

    second = load_guidance([path], renames=renames)
    assert second.renamed == second.created == second.updated == []


def test_the_renamed_keys_file_is_data_the_loader_reads():
    from guidance.loading import renamed_keys

    entries = renamed_keys()
    assert isinstance(entries, list)
    for entry in entries:
        assert set(entry) >= {"model", "old", "new"}


# --- The admin --------------------------------------------------------------------


@pytest.fixture
def conflict(tmp_path, administrator):
    load_guidance([make_conflict(tmp_path, administrator)])
    return m.FixtureConflict.objects.get()


def change_url():
    return reverse("admin:guidance_service_change", args=[service().pk])


def test_the_change_page_shows_the_difference_field_by_field(client, administrator, conflict):
    client.force_login(administrator)
    page = client.get(change_url()).content.decode()
    assert "Fixturen har en annan version" in page
    assert "08-000 00 00" in page and "08-222 22 22" in page
    assert "Använd fixturens version" in page and "Behåll min" in page


def test_the_administrator_uses_the_fixture_version_from_the_change_page(administrator, conflict):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    client.get(change_url())
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("admin:guidance_fixtureconflict_resolve"),
        {
            "konflikt": conflict.pk,
            "val": "fixturen",
            "next": change_url(),
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302 and response.url == change_url()
    assert service().phone == "08-222 22 22"
    assert not m.FixtureConflict.objects.exists()


def test_resolving_needs_the_csrf_token_and_a_post(administrator, conflict):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    url = reverse("admin:guidance_fixtureconflict_resolve")
    assert client.post(url, {"konflikt": conflict.pk, "val": "fixturen"}).status_code == 403
    assert client.get(url).status_code == 405
    assert m.FixtureConflict.objects.exists()


def test_a_caseworker_cannot_resolve(client_as, conflict):
    response = client_as(roles.CASEWORKER).post(
        reverse("admin:guidance_fixtureconflict_resolve"), {"konflikt": conflict.pk, "val": "min"}
    )
    assert response.status_code in {302, 403}
    assert m.FixtureConflict.objects.exists()


def test_the_list_of_open_conflicts_and_keep_mine_there(client, administrator, conflict):
    client.force_login(administrator)
    url = reverse("admin:guidance_fixtureconflict_changelist")
    page = client.get(url).content.decode()
    assert "Telefon" in page or "telefon" in page
    response = client.post(
        url, {"action": "keep_mine", "_selected_action": [conflict.pk]}, follow=True
    )
    assert "Din version behålls för 1 fält." in response.content.decode()
    assert service().phone == "08-000 00 00"
    assert not m.FixtureConflict.objects.exists()


def test_the_administrator_restores_a_deleted_item_from_the_fixture(client, administrator):
    client.force_login(administrator)
    group = m.TargetGroup.objects.get(key="vbe")
    delete = reverse("admin:guidance_targetgroup_delete", args=[group.pk])
    client.post(delete, {"post": "yes"})
    assert not m.TargetGroup.objects.filter(key="vbe").exists()
    tombstone = m.FixtureTombstone.objects.get()

    url = reverse("admin:guidance_fixturetombstone_changelist")
    assert "Återställ från fixturen" in client.get(url).content.decode()
    response = client.post(
        url, {"action": "restore", "_selected_action": [tombstone.pk]}, follow=True
    )

    assert "1 post återställdes från fixturen." in response.content.decode()
    assert m.TargetGroup.objects.filter(key="vbe").exists()
    assert not m.FixtureTombstone.objects.exists()


def test_the_administrator_role_may_resolve_and_restore():
    wanted = {
        "guidance.view_fixtureconflict",
        "guidance.change_fixtureconflict",
        "guidance.delete_fixtureconflict",
        "guidance.view_fixturetombstone",
        "guidance.delete_fixturetombstone",
    }
    assert wanted <= roles.ROLE_PERMISSIONS[roles.ADMINISTRATOR]
    assert not wanted & roles.ROLE_PERMISSIONS[roles.CASEWORKER]


def test_the_administrator_group_holds_the_new_permissions(administrator):
    assert administrator.has_perm("guidance.change_fixtureconflict")
    assert administrator.has_perm("guidance.delete_fixturetombstone")


# --- Inline edits and restoring in order ----------------------------------------------


def posted_form(response) -> dict:
    """The change page's form and inlines as the browser would post them unchanged."""
    data: dict = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(v) for v in value]
            else:
                data[form.add_prefix(name)] = "" if value is None else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def test_a_service_edited_on_its_organisations_page_is_marked_per_field(client, administrator):
    client.force_login(administrator)
    organisation = m.Organisation.objects.get(key="brottsofferjouren")
    url = reverse("admin:guidance_organisation_change", args=[organisation.pk])
    data = posted_form(client.get(url))
    # The key is read-only on the inline: find the service's row by its id.
    pk = str(service().pk)
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == pk)[: -len("id")]
    data[prefix + "phone"] = "08-444 44 44"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert service().phone == "08-444 44 44"
    edit = m.LocalEdit.objects.get(object_key=SERVICE)
    assert edit.field == "phone"
    assert service().locally_edited
    assert not m.LocalEdit.objects.filter(object_key="brottsofferjouren").exists()


def test_a_service_restored_before_its_organisation_is_refused_with_a_message(
    client, administrator
):
    client.force_login(administrator)
    organisation = m.Organisation.objects.get(key="brottsofferjouren")
    client.post(
        reverse("admin:guidance_organisation_delete", args=[organisation.pk]), {"post": "yes"}
    )
    tombstone = m.FixtureTombstone.objects.get(object_key=SERVICE)

    response = client.post(
        reverse("admin:guidance_fixturetombstone_changelist"),
        {"action": "restore", "_selected_action": [tombstone.pk]},
        follow=True,
    )

    assert "Återställ den först" in response.content.decode()
    assert m.FixtureTombstone.objects.filter(pk=tombstone.pk).exists()
    assert not m.Service.objects.filter(key=SERVICE).exists()
