"""The administrator exports the directory, changes a phone number in the file,
reads it back in, checks the preview, confirms, and sees the new number where
caseworkers read it."""

import csv
import io

from playwright.sync_api import expect

from anhorigstod import roles
from guidance import models as m
from tests.browser.conftest import PASSWORD

NEW_PHONE = "08-555 123 45"


def test_the_administrator_exports_changes_and_imports_a_phone_number(page, make_user):
    make_user(roles.ADMINISTRATOR, username="ada", first_name="Ada")
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill("ada")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()

    page.goto("/admin/guidance/service/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportera CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    row = next(row for row in rows if row["phone"])
    old_phone, row["phone"] = row["phone"], NEW_PHONE
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)

    page.get_by_role("link", name="Läs in ändringar (CSV)").click()
    page.get_by_label("CSV-fil").set_input_files(
        files=[
            {
                "name": "katalog.csv",
                "mimeType": "text/csv",
                "buffer": ("\ufeff" + output.getvalue()).encode(),
            }
        ]
    )
    page.get_by_role("button", name="Förhandsgranska").click()

    expect(page.get_by_text("0 nya, 1 ändrade")).to_be_visible()
    preview = page.get_by_role("table", name="Rader som ändras eller har fel")
    expect(preview.get_by_role("row")).to_have_count(2)  # the heading and one service
    expect(preview).to_contain_text(row["key"])
    expect(preview).to_contain_text(f"telefon: {old_phone} → {NEW_PHONE}")
    assert m.Service.objects.get(key=row["key"]).phone == old_phone  # only a dry run

    page.get_by_role("button", name="Genomför").click()
    expect(page.get_by_text("Importen är genomförd: 0 nya, 1 ändrade")).to_be_visible()

    page.goto(f"/directory/{row['organisation_key']}/")
    expect(page.get_by_role("link", name=NEW_PHONE)).to_be_visible()
