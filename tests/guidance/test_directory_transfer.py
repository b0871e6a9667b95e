"""The directory in and out, without a browser: CSV and HSDS export, and the
CSV import's preview, dry run and all-or-nothing write."""

import csv
import io

import pytest

from guidance import models as m
from guidance.directory_io import hsds
from guidance.directory_io.export import BOM, directory_csv
from guidance.directory_io.importing import StalePreview, apply_import, plan_import
from guidance.directory_io.parsing import MAX_BYTES, parse_csv

pytestmark = pytest.mark.django_db


def _table(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM)), delimiter=";"))


def _file(rows: list[dict]) -> bytes:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return (BOM + output.getvalue()).encode()


def _rows(data: bytes) -> list[dict]:
    parsed = parse_csv(data)
    assert parsed.errors == []
    return parsed.rows


@pytest.fixture(autouse=True)
def _local_service():
    """A service with districts, a language, a phone and an e-mail address."""
    service = m.Service.objects.exclude(phone="").order_by("key").first()
    service.email = "info@example.se"
    service.save()
    service.districts.set(m.District.objects.filter(key__in=["farsta", "skarholmen"]))
    service.languages.set(m.Language.objects.all()[:2])
    return service


@pytest.fixture
def exported() -> list[dict]:
    return _table(directory_csv())


@pytest.fixture
def admin_user(make_user):
    from anhorigstod import roles

    return make_user(roles.ADMINISTRATOR, username="ada")


def _with_phone(rows):
    return next(row for row in rows if row["phone"])


def test_csv_export_has_one_row_per_service_with_bom_and_organisation(_local_service):
    text = directory_csv()
    rows = _table(text)
    assert text.startswith(BOM)
    assert len(rows) == m.Service.objects.count()
    service = _local_service
    row = next(row for row in rows if row["key"] == service.key)
    assert row["organisation_key"] == service.organisation.key
    assert row["organisation_name"] == service.organisation.name
    assert row["districts"].split("|") == sorted(d.key for d in service.districts.all())
    assert row["status"] == service.status
    assert row["languages"].split("|") == sorted(lang.code for lang in service.languages.all())


def test_unchanged_round_trip_changes_nothing(exported):
    plan = plan_import(_rows(_file(exported)))
    assert plan.counts == {"new": 0, "changed": 0, "unchanged": len(exported), "error": 0}


def test_a_changed_phone_is_previewed_then_applied(exported, admin_user):
    row = _with_phone(exported)
    row["phone"] = "08-123 456 78"
    rows = _rows(_file(exported))

    plan = plan_import(rows)
    changed = [r for r in plan.rows if r.status == "changed"]
    assert [(r.key, [(c.field, c.new) for c in r.changes]) for r in changed] == [
        (row["key"], [("telefon", "08-123 456 78")])
    ]

    apply_import(rows=rows, user=admin_user, expected_digest=plan.digest())
    service = m.Service.objects.get(key=row["key"])
    assert service.phone == "08-123 456 78"
    assert service.locally_edited
    last = service.history.first()
    assert last.history_user == admin_user
    assert last.history_change_reason == "Import från CSV"


def test_a_dry_run_writes_nothing(exported, admin_user):
    row = _with_phone(exported)
    row["phone"] = "08-123 456 78"
    plan = apply_import(rows=_rows(_file(exported)), user=admin_user, dry_run=True)
    assert plan.count("changed") == 1
    assert m.Service.objects.get(key=row["key"]).phone != "08-123 456 78"


def test_confirmation_refuses_a_plan_the_administrator_did_not_see(exported, admin_user):
    row = _with_phone(exported)
    row["phone"] = "08-123 456 78"
    rows = _rows(_file(exported))
    seen = plan_import(rows).digest()
    m.Service.objects.filter(key=row["key"]).update(name="Ändrad under tiden")
    with pytest.raises(StalePreview):
        apply_import(rows=rows, user=admin_user, expected_digest=seen)
    assert m.Service.objects.get(key=row["key"]).phone != "08-123 456 78"


def test_one_bad_row_stops_the_whole_import(exported, admin_user):
    first, second = exported[0], exported[1]
    first["name"] = "Nytt namn"
    second["email"] = "inte-en-adress"
    second["target_groups"] = "finns-inte"
    plan = apply_import(rows=_rows(_file(exported)), user=admin_user)
    errors = {row.line: row.errors for row in plan.rows if row.errors}
    assert list(errors) == [3]
    assert any(text.startswith("e-post: ") for text in errors[3]), errors
    assert "målgrupper: okänd målgrupp: finns-inte" in errors[3]
    assert m.Service.objects.get(key=first["key"]).name != "Nytt namn"


def test_a_missing_row_deletes_nothing(exported, admin_user):
    apply_import(rows=_rows(_file(exported[:1])), user=admin_user)
    assert m.Service.objects.count() == len(exported)


def test_a_new_service_with_a_new_organisation(exported, admin_user):
    row = dict.fromkeys(exported[0], "") | {
        "key": "anhoriggruppen-farsta",
        "name": "Anhöriggruppen Farsta",
        "description": "En samtalsgrupp för anhöriga.",
        "who_it_helps": "Vuxna anhöriga.",
        "organisation_key": "farsta-forening",
        "organisation_name": "Farsta förening",
        "organisation_category": "civil_society",
        "organisation_description": "En lokal förening.",
        "serves_children": "nej",
        "access": "unknown",
        "anonymous_possible": "unknown",
        "status": "active",
        "districts": "farsta",
    }
    plan = apply_import(rows=_rows(_file([row])), user=admin_user)
    assert plan.counts["new"] == 1, [r.errors for r in plan.rows]
    service = m.Service.objects.get(key="anhoriggruppen-farsta")
    assert service.organisation.name == "Farsta förening"
    assert service.source_document.title == "Tillagd av administratör"
    assert [d.key for d in service.districts.all()] == ["farsta"]
    assert service.locally_edited and service.organisation.locally_edited


def test_an_unknown_organisation_without_name_and_category_is_an_error(exported):
    row = exported[0] | {"organisation_key": "okand", "organisation_name": ""}
    plan = plan_import(_rows(_file([row])))
    assert "Organisationen ”okand” finns inte" in plan.rows[0].errors[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("key;namn\nx;y\n".encode("latin-1") + "å".encode("latin-1"), "inte sparad som UTF-8"),
        (b"name;phone\nx;y\n", "Kolumner saknas: key, organisation_key"),
        (b"key;organisation_key;telefon\nx;y;z\n", "Okända kolumner: telefon"),
        (b"key;organisation_key\nx;y;z\n", "Rad 2 har 3 fält"),
        (b"", "Filen är tom"),
        (b"key;organisation_key\n" + b"x" * MAX_BYTES, "Filen är för stor"),
    ],
)
def test_malformed_files_give_swedish_errors(data, message):
    parsed = parse_csv(data)
    assert any(message in error for error in parsed.errors), parsed.errors


def test_bad_values_give_swedish_errors_per_row(exported):
    row = exported[0] | {"minimum_age": "tio", "closed_on": "30/11", "serves_children": "kanske"}
    errors = plan_import(_rows(_file([row]))).rows[0].errors
    assert "lägsta ålder: skriv ett heltal, till exempel 18." in errors
    assert "stängd från: skriv datumet som 2026-11-30." in errors
    assert "tar emot barn: skriv ja eller nej." in errors


def test_a_comma_separated_file_is_read_as_well(exported):
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=list(exported[0]))
    writer.writeheader()
    writer.writerows(exported)
    plan = plan_import(_rows(output.getvalue().encode()))
    assert plan.count("unchanged") == len(exported)


def test_hsds_has_the_required_fields_and_stable_ids():
    first, second = hsds.directory_hsds(), hsds.directory_hsds()
    assert first == second
    services = first["contents"]
    assert len(services) == first["total_items"] == m.Service.objects.count()
    nested = {
        "phone": "phones",
        "contact": "contacts",
        "language": "languages",
        "service_area": "service_areas",
    }
    seen = {name: 0 for name in nested}
    for service in services:
        assert all(service.get(name) for name in hsds.REQUIRED["service"])
        assert service["status"] in {"active", "inactive", "defunct", "temporarily closed"}
        organisation = service["organization"]
        assert all(organisation.get(name) for name in hsds.REQUIRED["organization"])
        assert service["organization_id"] == organisation["id"]
        for name, attribute in nested.items():
            for item in service[attribute]:
                seen[name] += 1
                assert all(item.get(field) for field in hsds.REQUIRED[name])
    assert all(seen.values()), seen
    ids = [service["id"] for service in services]
    assert len(set(ids)) == len(ids)


def test_hsds_ids_derive_from_keys_and_status_and_assured_date_follow_the_service():
    service = m.Service.objects.exclude(last_verified_at=None).first()
    service.status = m.Service.Status.TEMPORARILY_CLOSED
    service.save()
    record = hsds.service(service)
    assert record["id"] == hsds.stable_id("service", service.key)
    assert record["status"] == "temporarily closed"
    assert record["assured_date"] == service.last_verified_at.isoformat()


def test_the_commands_export_and_dry_run_an_import(tmp_path, exported):
    from django.core.management import call_command

    path = tmp_path / "katalog.csv"
    call_command("export_directory", output=path)
    rows = _table(path.read_text(encoding="utf-8"))
    assert rows == exported
    row = _with_phone(rows)
    old, row["phone"] = row["phone"], "08-123 456 78"
    path.write_bytes(_file(rows))
    out = io.StringIO()
    call_command("import_directory", str(path), stdout=out)
    assert "Provkörning, inget sparat: 0 nya, 1 ändrade" in out.getvalue()
    assert m.Service.objects.get(key=row["key"]).phone == old
    call_command("import_directory", str(path), apply=True, stdout=out)
    assert m.Service.objects.get(key=row["key"]).phone == "08-123 456 78"


def test_the_hsds_command_writes_json(tmp_path):
    import json

    from django.core.management import call_command

    path = tmp_path / "katalog.json"
    call_command("export_directory", format="hsds", output=path)
    assert json.loads(path.read_text())["total_items"] == m.Service.objects.count()


def test_marking_an_edit_adds_the_changed_fields_where_the_model_tracks_them():
    from types import SimpleNamespace

    from guidance.directory_io.importing import _mark_edited

    tracked = SimpleNamespace(locally_edited=False, locally_edited_fields=["name"])
    _mark_edited(tracked, ["phone"], user=None)
    assert tracked.locally_edited
    assert tracked.locally_edited_fields == ["name", "phone"]
    untracked = SimpleNamespace(locally_edited=False)
    _mark_edited(untracked, ["phone"], user=None)
    assert untracked.locally_edited and not hasattr(untracked, "locally_edited_fields")


def test_a_cell_that_looks_like_a_formula_is_text_in_a_spreadsheet_and_round_trips(
    _local_service,
):
    """CSV injection: "=HYPERLINK(…)" must not run when the administrator opens the
    export in Excel, and importing the file again changes nothing."""
    service = _local_service
    service.todo_note = '=HYPERLINK("http://example.com","klicka")'
    service.opening_hours = "-kl. 9"
    service.save()
    rows = _table(directory_csv())
    row = next(row for row in rows if row["key"] == service.key)
    assert row["todo_note"] == "'" + service.todo_note
    assert row["opening_hours"] == "'-kl. 9"
    assert not any(
        value.startswith(("=", "@")) for each in rows for value in each.values() if value
    )
    plan = plan_import(_rows(_file(rows)))
    assert plan.counts["changed"] == 0 and plan.counts["error"] == 0


def test_a_phone_number_with_a_plus_is_left_as_it_is():
    from guidance.spreadsheet import read_cell, text_cell

    assert text_cell("+46 8 508 250 00") == "+46 8 508 250 00"
    assert text_cell("+SUM(A1)") == "'+SUM(A1)"
    assert read_cell(text_cell("-kl. 9")) == "-kl. 9"
    assert read_cell("'vanlig text") == "'vanlig text"
