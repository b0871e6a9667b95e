"""A consultant reads the outreach statistics for the committee and downloads the CSV."""

import uuid
from datetime import datetime, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from anhorigstod import roles
from guidance.models import District
from referrals.outreach import services
from referrals.outreach.models import IncidentKind, OutreachPlan, RelativeReached


def _incidents(by, where: str, count: int, month: int, year: int) -> list:
    zone = timezone.get_default_timezone()
    district = District.objects.get(key=where)
    return [
        services.register_incident(
            user=by,
            start_token=uuid.uuid4(),
            kind=IncidentKind.SHOOTING,
            occurred_at=datetime(year, month, day + 1, 12, tzinfo=zone),
            district=district,
            affected_districts=[district],
        )
        for day in range(count)
    ]


def test_a_consultant_reads_the_outreach_statistics(page, sign_in, make_user):
    consultant = sign_in(roles.CONSULTANT)
    year = datetime.now().year - 1
    # Rinkeby-Kista and Spånga-Tensta: 6 and 5 incidents in Q1 and in Q2; 8 relatives
    # in Rinkeby-Kista offered support in time.
    rinkeby = _incidents(consultant, "rinkeby-kista", 6, 2, year)
    _incidents(consultant, "rinkeby-kista", 6, 5, year)
    _incidents(consultant, "spanga-tensta", 5, 2, year)
    _incidents(consultant, "spanga-tensta", 5, 5, year)
    plan = OutreachPlan.objects.get(incident=rinkeby[0])
    RelativeReached.objects.bulk_create(
        RelativeReached(
            plan=plan,
            outcome=RelativeReached.Outcome.ACCEPTED,
            reached_at=rinkeby[0].occurred_at + timedelta(days=1),
        )
        for _ in range(8)
    )
    # Skärholmen: 2 incidents in Q2, too few to show.
    _incidents(consultant, "skarholmen", 2, 6, year)

    page.goto("/statistics/")
    link = "Statistik om uppsökande arbete efter allvarliga händelser"
    page.get_by_role("link", name=link).click()
    page.get_by_label("År").select_option(str(year))
    page.get_by_role("button", name="Visa statistik").click()

    incidents = page.locator("#tabell-incidents table")
    expect(incidents).to_be_visible()
    rinkeby_row = incidents.locator("tr[data-line='rinkeby-kista']")
    expect(rinkeby_row.locator("td").first).to_have_text("6")
    skarholmen_row = incidents.locator("tr[data-line='skarholmen']")
    expect(skarholmen_row.locator("td").nth(1)).to_have_text("<5")
    expect(page.locator("#diagram-kvartal svg[role='img']")).to_be_visible()
    relatives = page.locator("#tabell-relatives table tr[data-line='rinkeby-kista']")
    expect(relatives.locator("td").nth(2)).to_have_text("100 %")

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner tabellerna som CSV (för Excel)").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert "tabell;rad;kolumn;värde" in text
    assert "Skärholmen;Kvartal 2;<5" in text
    assert "Rinkeby-Kista;Kvartal 1;6" in text
