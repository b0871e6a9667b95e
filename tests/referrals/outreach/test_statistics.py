"""Statistics for the committee on outreach: figures, suppression, chart, CSV, audit,
access, filters and query counts (referrals.outreach.statistics)."""

import csv
import io
import itertools
import random
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from audit.models import AuditEvent
from guidance.models import District
from referrals.outreach import statistics
from referrals.outreach.models import IncidentKind, OutreachPlan, RelativeReached
from referrals.outreach.statistics import Filters, build_statistics
from referrals.outreach.statistics_tables import hide

pytestmark = pytest.mark.django_db

STOCKHOLM = timezone.get_default_timezone()
YEAR = timezone.localdate().year - 1
URL = reverse("referrals:outreach_statistics")
CSV_URL = reverse("referrals:outreach_statistics_csv")
Outcome = RelativeReached.Outcome


def at(month: int, day: int = 10, hour: int = 12, minute: int = 0, year: int = YEAR):
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture
def registrar(district_staff):
    return district_staff(roles.CONSULTANT, "rinkeby-kista", "registrar")


@pytest.fixture
def incidents(registrar, make_incident):
    """``incidents(where, [moments], kind)``: one incident per moment, its relatives in
    the district where it happened."""

    def make(where: str, moments, kind: str = IncidentKind.SHOOTING):
        return [
            make_incident(by=registrar, where=where, concerns=(where,), occurred_at=m, kind=kind)
            for m in moments
        ]

    return make


def reach(incident, outcome: str, after: timedelta, count: int = 1) -> None:
    plan = OutreachPlan.objects.get(incident=incident)
    RelativeReached.objects.bulk_create(
        RelativeReached(plan=plan, outcome=outcome, reached_at=incident.occurred_at + after)
        for _ in range(count)
    )


def line(grid, key: str) -> list[str]:
    found = grid.total if grid.total and grid.total.key == key else None
    found = found or next(line for line in grid.lines if line.key == key)
    return [cell.display for cell in found.cells]


@pytest.fixture
def known_set(incidents):
    """Figures all 0 or 5 and more, so nothing is suppressed:

    - Rinkeby-Kista: 5 shootings in Q1 (one at 00:30 on New Year's Day, in UTC still
      the year before, one anonymised), 6 lethal violence in Q2 (one at 00:30 on
      1 April, in UTC still Q1); relatives: 6 accepted in time (one exactly at the
      deadline of 2 days), 1 declined in time, 1 offered late, 2 unreachable.
    - Spånga-Tensta: 5 other violence in Q1, 7 shootings in Q4; its plan gives 5 days
      to offer support: 5 accepted after 4 days, 5 offered after 6 days (late).
    - One incident the year before, which does not count.
    """
    rinkeby = incidents("rinkeby-kista", [at(1, 1, 0, 30), *(at(2, d) for d in range(1, 5))])
    incidents(
        "rinkeby-kista",
        [at(4, 1, 0, 30), *(at(5, d) for d in range(1, 6))],
        IncidentKind.LETHAL_VIOLENCE,
    )
    spanga = incidents(
        "spanga-tensta", [at(3, d) for d in range(1, 6)], IncidentKind.OTHER_VIOLENCE
    )
    incidents("spanga-tensta", [at(11, d) for d in range(1, 8)])
    incidents("rinkeby-kista", [at(6, year=YEAR - 1)])
    type(rinkeby[1]).objects.filter(pk=rinkeby[1].pk).update(anonymised_at=timezone.now())

    first = rinkeby[2]
    reach(first, Outcome.ACCEPTED, timedelta(days=2))  # exactly at the deadline
    reach(first, Outcome.ACCEPTED, timedelta(days=1), 5)
    reach(first, Outcome.DECLINED, timedelta(hours=20))
    reach(first, Outcome.OFFERED, timedelta(days=2, minutes=1))
    reach(first, Outcome.UNREACHABLE, timedelta(days=1), 2)
    OutreachPlan.objects.filter(incident=spanga[0]).update(offer_within_days=5)
    reach(spanga[0], Outcome.ACCEPTED, timedelta(days=4), 5)
    reach(spanga[0], Outcome.OFFERED, timedelta(days=6), 5)


def test_the_figures_of_a_known_set(known_set):
    figures = build_statistics(filters=Filters(year=YEAR))

    assert line(figures.incidents, "rinkeby-kista") == ["5", "6", "0", "0", "11"]
    assert line(figures.incidents, "spanga-tensta") == ["5", "0", "0", "7", "12"]
    assert line(figures.incidents, "farsta") == ["0", "0", "0", "0", "0"]
    assert line(figures.incidents, "total") == ["10", "6", "0", "7", "23"]
    assert line(figures.kinds, IncidentKind.SHOOTING) == ["5", "0", "0", "7", "12"]
    assert line(figures.kinds, IncidentKind.LETHAL_VIOLENCE) == ["0", "6", "0", "0", "6"]
    assert line(figures.kinds, IncidentKind.OTHER_VIOLENCE) == ["5", "0", "0", "0", "5"]
    assert line(figures.kinds, "all") == ["10", "6", "0", "7", "23"]
    # recorded, in time, share, offered, accepted, share of offered
    assert line(figures.relatives, "rinkeby-kista") == ["10", "7", "70 %", "8", "6", "75 %"]
    assert line(figures.relatives, "spanga-tensta") == ["10", "5", "50 %", "10", "5", "50 %"]
    assert line(figures.relatives, "total") == ["20", "12", "60 %", "18", "11", "61 %"]
    assert [row.count for row in figures.chart.rows] == [10, 6, 0, 7]


def test_a_district_filter_shows_that_districts_lines(known_set):
    spanga = District.objects.get(key="spanga-tensta")
    figures = build_statistics(filters=Filters(year=YEAR, district=spanga))

    assert [line.key for line in figures.incidents.lines] == ["spanga-tensta"]
    assert figures.incidents.total is None and figures.relatives.total is None
    assert line(figures.kinds, "all") == ["5", "0", "0", "7", "12"]
    assert line(figures.relatives, "spanga-tensta") == ["10", "5", "50 %", "10", "5", "50 %"]
    assert [row.count for row in figures.chart.rows] == [5, 0, 0, 7]


def test_small_counts_are_suppressed_and_cannot_be_worked_out(incidents):
    rinkeby = incidents("rinkeby-kista", [at(1, 5), at(1, 6)])
    spanga = incidents("spanga-tensta", [at(1, d) for d in range(1, 7)])
    reach(rinkeby[0], Outcome.ACCEPTED, timedelta(days=1), 2)
    reach(rinkeby[0], Outcome.UNREACHABLE, timedelta(days=1))
    reach(spanga[0], Outcome.ACCEPTED, timedelta(days=1), 6)

    figures = build_statistics(filters=Filters(year=YEAR))

    assert line(figures.incidents, "rinkeby-kista") == ["<5", "0", "0", "0", "<5"]
    # The city's 8 would give Rinkeby-Kista's 2 away next to Spånga-Tensta's 6.
    assert line(figures.incidents, "spanga-tensta") == ["<5", "0", "0", "0", "<5"]
    assert line(figures.incidents, "total") == ["8", "0", "0", "0", "8"]
    # Three relatives: counts "<5" and no shares; Spånga-Tensta's hidden with them.
    assert line(figures.relatives, "rinkeby-kista") == ["<5", "<5", "–", "<5", "<5", "–"]
    assert line(figures.relatives, "spanga-tensta") == ["<5", "<5", "–", "<5", "<5", "–"]
    assert line(figures.relatives, "total") == ["9", "8", "89 %", "8", "8", "100 %"]
    assert figures.chart.rows[0].count == 8


def test_a_share_is_withheld_when_its_base_is_under_five(incidents):
    spanga = incidents("spanga-tensta", [at(2, 1)])
    reach(spanga[0], Outcome.ACCEPTED, timedelta(days=1), 5)
    reach(spanga[0], Outcome.UNREACHABLE, timedelta(days=1), 5)
    rinkeby = incidents("rinkeby-kista", [at(2, 2)])
    reach(rinkeby[0], Outcome.UNREACHABLE, timedelta(days=1), 5)

    figures = build_statistics(filters=Filters(year=YEAR))

    assert line(figures.relatives, "spanga-tensta") == ["10", "5", "50 %", "5", "5", "100 %"]
    # Five recorded, none offered: the share accepted rests on 0 and is not shown.
    assert line(figures.relatives, "rinkeby-kista") == ["5", "0", "0 %", "0", "0", "–"]


@pytest.mark.parametrize("seed", range(30))
def test_no_line_of_a_suppressed_grid_gives_a_hidden_cell_away(seed):
    """Random grids with totals both ways: each line has none or at least two hidden."""
    rng = random.Random(seed)
    rows, columns = rng.randint(1, 5), rng.randint(1, 4)
    counts = {
        (r, c): rng.choice([0, 0, 1, 2, 4, 5, 6, 9, 20])
        for r in range(rows)
        for c in range(columns)
    }
    for r in range(rows):
        counts[r, "total"] = sum(counts[r, c] for c in range(columns))
    for c in [*range(columns), "total"]:
        counts["total", c] = sum(counts[r, c] for r in range(rows))
    lines = [([(r, c) for c in range(columns)], (r, "total")) for r in [*range(rows), "total"]]
    lines += [([(r, c) for r in range(rows)], ("total", c)) for c in [*range(columns), "total"]]

    hidden = hide(counts, lines)

    assert {key for key, n in counts.items() if 0 < n < 5} <= hidden
    for summands, total in lines:
        assert len([key for key in [*summands, total] if key in hidden]) != 1


def test_the_page_shows_tables_chart_and_definitions_and_is_audited(client_as, known_set):
    client = client_as(roles.CONSULTANT)

    response = client.get(URL, {"year": YEAR, "district": "rinkeby-kista"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="tabell-incidents"' in page and 'id="tabell-relatives"' in page
    chart = page[page.index('id="diagram-kvartal"') : page.index("</figure>")]
    assert "<svg" in chart and "Stapeldiagram" in chart and "style" not in chart
    assert "också de som inte gick att nå" in page  # the definition of "in time"
    event = AuditEvent.objects.get(action=AuditEvent.Action.OUTREACH_STATISTICS_VIEWED)
    assert event.details == {"year": YEAR, "district": "rinkeby-kista"}
    assert event.actor is not None


def test_the_year_defaults_to_this_year(client_as):
    response = client_as(roles.MANAGER).get(URL)

    assert response.status_code == 200
    assert response.context["figures"].filters.year == timezone.localdate().year


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "tjugo"}, "Välj ett år i listan."),
        ({"year": "1850"}, "Välj ett år i listan."),
        ({"district": "atlantis"}, "Välj en stadsdelsförvaltning i listan."),
    ],
)
def test_bad_filters_get_a_swedish_message_and_no_figures(client_as, query, message):
    client = client_as(roles.CONSULTANT)

    response = client.get(URL, query)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["figures"] is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.OUTREACH_STATISTICS_VIEWED)
    export = client.get(CSV_URL, query)
    assert export.status_code == 302 and export["Location"].startswith(URL)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.OUTREACH_STATISTICS_EXPORTED)


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_csv_has_the_pages_figures_and_is_audited(client_as, incidents, known_set):
    incidents("farsta", [at(7, 1)])  # one incident: "<5"
    client = client_as(roles.ADMINISTRATOR)
    page = client.get(URL, {"year": YEAR}).context["figures"]

    response = client.get(CSV_URL, {"year": YEAR})

    assert response["Content-Disposition"].endswith(f'uppsokande-statistik-{YEAR}-hela-staden.csv"')
    rows = _csv(response)
    assert rows[0] == list(statistics.CSV_HEADER)
    assert rows[1:] == [list(row) for row in statistics.csv_rows(page)]
    table = str(page.incidents.title)
    assert [table, "Farsta", "Kvartal 3", "<5"] in rows[1:]
    relatives = str(page.relatives.title)
    assert [relatives, "Hela staden", "Registrerade anhöriga", "20"] in rows[1:]
    event = AuditEvent.objects.get(action=AuditEvent.Action.OUTREACH_STATISTICS_EXPORTED)
    assert event.details == {"year": YEAR, "district": None}


def test_the_csv_escapes_a_formula_like_district_name(client_as, known_set):
    District.objects.filter(key="farsta").update(name='=HYPERLINK("http://x","klicka")')

    rows = _csv(client_as(roles.CONSULTANT).get(CSV_URL, {"year": YEAR}))

    labels = {row[1] for row in rows}
    assert '\'=HYPERLINK("http://x","klicka")' in labels
    assert not any(cell.startswith("=") for row in rows for cell in row)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.CONSULTANT, 200),
        (roles.MANAGER, 200),
        (roles.ADMINISTRATOR, 200),
        (roles.CASEWORKER, 403),
        (roles.USER_ADMINISTRATOR, 403),
        (None, 403),
    ],
)
def test_who_may_see_the_outreach_statistics(client_as, role, status):
    client = client_as(role)

    assert client.get(URL).status_code == status
    assert client.get(CSV_URL).status_code == status


def test_the_statistics_page_links_to_the_outreach_statistics(client_as):
    page = client_as(roles.CONSULTANT).get(reverse("referrals:statistics")).content.decode()

    assert URL in page


_days = itertools.count(1)


def _many(incidents, count: int) -> None:
    districts = ["rinkeby-kista", "spanga-tensta", "skarholmen", "farsta"]
    for index in range(count):
        day = next(_days) % 28 + 1
        [incident] = incidents(districts[index % 4], [at(index % 12 + 1, day)])
        reach(incident, list(Outcome)[index % 4], timedelta(days=index % 4), 3)


def test_the_page_asks_the_same_number_of_queries_for_one_or_many_incidents(client_as, incidents):
    client = client_as(roles.CONSULTANT)
    _many(incidents, 1)
    client.get(URL, {"year": YEAR})  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": YEAR})
    _many(incidents, 40)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"year": YEAR})

    assert response.context["figures"].incidents.total.cells[-1].value == 41
    assert len(many) == len(few)
