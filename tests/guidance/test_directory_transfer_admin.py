"""Export and import in the service admin: who may, what the pages show, and a
confirmation that writes only what the preview showed."""

import csv
import io
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anhorigstod import roles
from guidance import models as m
from guidance.directory_io.export import BOM, directory_csv

pytestmark = pytest.mark.django_db

EXPORT_CSV = reverse("admin:guidance_service_export_csv")
EXPORT_HSDS = reverse("admin:guidance_service_export_hsds")
IMPORT = reverse("admin:guidance_service_import")


def _upload(rows: list[dict], name="katalog.csv") -> SimpleUploadedFile:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, (BOM + output.getvalue()).encode(), "text/csv")


def _exported_with_phone(phone: str) -> tuple[list[dict], dict]:
    rows = list(csv.DictReader(io.StringIO(directory_csv().removeprefix(BOM)), delimiter=";"))
    row = next(row for row in rows if row["phone"])
    row["phone"] = phone
    return rows, row


@pytest.fixture
def admin(client_as):
    return client_as(roles.ADMINISTRATOR)


def test_the_administrator_exports_csv_and_hsds(admin):
    response = admin.get(EXPORT_CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode().startswith(BOM + "organisation_key;")

    response = admin.get(EXPORT_HSDS)
    data = json.loads(response.content)
    assert data["total_items"] == m.Service.objects.count()


def test_the_service_list_offers_export_and_import(admin):
    page = admin.get(reverse("admin:guidance_service_changelist")).content.decode()
    for text, url in [
        ("Exportera CSV", EXPORT_CSV),
        ("Exportera HSDS 3 (JSON)", EXPORT_HSDS),
        ("Läs in ändringar (CSV)", IMPORT),
    ]:
        assert f'<a href="{url}">{text}</a>' in page


@pytest.mark.parametrize("url", [EXPORT_CSV, EXPORT_HSDS, IMPORT])
def test_a_user_administrator_may_not_export_or_import(client_as, url):
    assert client_as(roles.USER_ADMINISTRATOR).get(url).status_code == 403


@pytest.mark.parametrize("role", [roles.CASEWORKER, roles.CONSULTANT])
@pytest.mark.parametrize("url", [EXPORT_CSV, IMPORT])
def test_caseworkers_and_consultants_are_sent_to_sign_in(client_as, role, url):
    response = client_as(role).get(url)
    assert response.status_code == 302
    assert m.Service.objects.count() > 0


def test_a_view_only_staff_member_may_export_but_not_import(make_user, client):
    from django.contrib.auth.models import Permission

    user = make_user(None, username="reader")
    user.is_staff = True
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_service", "view_organisation"])
    )
    client.force_login(user)
    assert client.get(EXPORT_CSV).status_code == 200
    assert client.get(IMPORT).status_code == 403


def test_preview_then_confirm_writes_the_change_and_logs_it(admin):
    rows, row = _exported_with_phone("08-555 123 45")
    preview = admin.post(IMPORT, {"file": _upload(rows)})
    page = preview.content.decode()
    assert "0 nya, 1 ändrade" in page
    assert "telefon:" in page and "08-555 123 45" in page
    assert m.Service.objects.get(key=row["key"]).phone != "08-555 123 45"  # a dry run

    response = admin.post(IMPORT, {"token": preview.context["token"]})
    assert response.status_code == 302
    service = m.Service.objects.get(key=row["key"])
    assert service.phone == "08-555 123 45"
    assert service.locally_edited
    entry = LogEntry.objects.get(object_id=str(service.pk))
    assert entry.get_change_message() == "Import från CSV: telefon"


def test_confirmation_uses_the_stored_rows_not_a_reposted_file(admin):
    rows, row = _exported_with_phone("08-555 123 45")
    preview = admin.post(IMPORT, {"file": _upload(rows)})
    other, _row = _exported_with_phone("08-999 999 99")
    admin.post(IMPORT, {"token": preview.context["token"], "file": _upload(other)})
    assert m.Service.objects.get(key=row["key"]).phone == "08-555 123 45"


def test_a_wrong_token_writes_nothing(admin):
    rows, row = _exported_with_phone("08-555 123 45")
    admin.post(IMPORT, {"file": _upload(rows)})
    response = admin.post(IMPORT, {"token": "gissat"}, follow=True)
    assert "Förhandsgranskningen finns inte längre" in response.content.decode()
    assert m.Service.objects.get(key=row["key"]).phone != "08-555 123 45"


def test_errors_are_shown_per_row_and_nothing_can_be_confirmed(admin):
    rows, _row = _exported_with_phone("08-555 123 45")
    rows[0]["districts"] = "atlantis"
    response = admin.post(IMPORT, {"file": _upload(rows)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "okänd stadsdelsförvaltning: atlantis" in page
    assert "Filen har fel och kan inte läsas in." in page
    assert 'name="token"' not in page


def test_a_file_in_the_wrong_encoding_is_refused_next_to_the_field(admin):
    data = "key;organisation_key\nå;ö\n".encode("cp1252")
    response = admin.post(IMPORT, {"file": SimpleUploadedFile("k.csv", data, "text/csv")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Filen är inte sparad som UTF-8. Spara den som ”CSV UTF-8” och försök igen."
    ]
