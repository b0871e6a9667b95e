"""Statistics for the committee on outreach: incidents per district and quarter, the
share of relatives offered support within the routine's time, and the share who
accepted, as plain functions a test calls without a request.

The figures are counted in the database in a fixed number of queries whatever the
number of incidents (one for the districts, one for the incidents, one for the
relatives reached), and suppressed as today's statistics are
(``referrals.statistics.suppression``): a count from 1 to 4 is shown as "<5", a
share is withheld when its base is under 5 or either of its counts is not shown,
and where a hidden cell could be worked out from a total, the next smallest count
is hidden with it (secondary suppression, ``hide``).

- An incident counts in the district where it happened and in the quarter (in
  Stockholm time) of its date. A district filter shows that district's lines of the
  whole city's tables, suppressed as there, so the two views cannot be set against
  each other to reveal a hidden count.
- A relative counts in the district of its plan (where the relatives live) and in
  the year of the incident. *Offered within the routine's time*: outcome other than
  "could not be reached", recorded as reached no later than the plan's
  ``offer_within_days`` after the incident, out of every relative recorded,
  including those who could not be reached. *Accepted*: accepted out of offered.
- Anonymised incidents count: that is what retention keeps them for.

Raw counts never leave this module: the page, the chart and the CSV read only
the suppressed cells.
"""

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, IntegerField, Q, Value
from django.db.models.functions import Cast, TruncQuarter
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import trail
from audit.models import AuditEvent
from guidance.models import District
from guidance.spreadsheet import text_cell
from referrals.outreach.models import Incident, IncidentKind, RelativeReached
from referrals.outreach.statistics_tables import Cell, Grid, Line, hide
from referrals.statistics.suppression import SUPPRESSION_LIMIT
from referrals.statistics.tables import Row, Table

QUARTERS = (1, 2, 3, 4)
Outcome = RelativeReached.Outcome


@dataclass(frozen=True)
class Filters:
    """The year of the incidents and, optionally, one district; ``None`` is the city."""

    year: int
    district: District | None = None

    def details(self) -> dict:
        """The filters as the audit trail and the CSV file name write them."""
        return {"year": self.year, "district": self.district.key if self.district else None}


@dataclass(frozen=True)
class OutreachStatistics:
    filters: Filters
    incidents: Grid  # per district and quarter
    kinds: Grid  # per kind and quarter
    relatives: Grid  # offered in time and accepted, per district
    chart: Table  # incidents per quarter

    @property
    def grids(self) -> list[Grid]:
        return [self.incidents, self.kinds, self.relatives]


def _share(part: Hashable, base: Hashable, counts: dict, hidden: set) -> Cell:
    """Whole percent, withheld when the base is under 5 or either count is not shown."""
    if part in hidden or base in hidden or counts[base] < SUPPRESSION_LIMIT:
        return Cell(None, percent=True)
    return Cell(round(100 * counts[part] / counts[base]), percent=True)


def _year(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def _incident_counts(year: int) -> Counter:
    """Incidents of ``year`` by (district id, kind, quarter): one query."""
    start, end = _year(year)
    rows = (
        Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        .annotate(quarter=TruncQuarter("occurred_at", tzinfo=timezone.get_default_timezone()))
        .values("district_id", "kind", "quarter")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: Counter = Counter()
    for row in rows:
        quarter = (timezone.localtime(row["quarter"]).month - 1) // 3 + 1
        counts[row["district_id"], row["kind"], quarter] += row["n"]
    return counts


def in_time() -> Q:
    """A RelativeReached offered support no later than the plan's days after the incident.

    Compared as durations (time taken against time allowed), which both SQLite and
    PostgreSQL compute exactly."""
    taken = ExpressionWrapper(
        F("reached_at") - F("plan__incident__occurred_at"), output_field=DurationField()
    )
    allowed = ExpressionWrapper(
        Cast("plan__offer_within_days", IntegerField()) * Value(timedelta(days=1)),
        output_field=DurationField(),
    )
    return Q(GreaterThanOrEqual(allowed, taken)) & ~Q(outcome=Outcome.UNREACHABLE)


RELATIVE_FIGURES = ("recorded", "in_time", "offers", "accepted")


def _relative_counts(year: int) -> dict[int, dict[str, int]]:
    """Relatives recorded for incidents of ``year``, by plan district: one query."""
    start, end = _year(year)
    offered = ~Q(outcome=Outcome.UNREACHABLE)
    rows = (
        RelativeReached.objects.filter(
            plan__incident__occurred_at__gte=start, plan__incident__occurred_at__lt=end
        )
        .values("plan__district_id")
        .annotate(
            recorded=Count("pk"),
            in_time=Count("pk", filter=in_time()),
            offers=Count("pk", filter=offered),
            accepted=Count("pk", filter=Q(outcome=Outcome.ACCEPTED)),
        )
        .order_by()
    )
    found: dict[int, dict[str, int]] = {}
    for row in rows:
        figures: Mapping[str, Any] = row
        found[figures["plan__district_id"]] = {name: figures[name] for name in RELATIVE_FIGURES}
    return found


def _quarter_labels() -> list[str]:
    return [_("Kvartal %(quarter)s") % {"quarter": quarter} for quarter in QUARTERS]


def _incident_grid(districts: list[District], counts: Counter, chosen: District | None):
    """Incidents per district (lines) and quarter, with the year's total per district
    and the city's line; suppressed across the whole city. Also returns the city's
    (or the chosen district's) counts and hidden cells by quarter, for the kinds."""
    cells: dict = {}
    for district in districts:
        for quarter in QUARTERS:
            cells[district.pk, quarter] = sum(
                counts[district.pk, kind, quarter] for kind in IncidentKind.values
            )
        cells[district.pk, "year"] = sum(cells[district.pk, q] for q in QUARTERS)
    for column in [*QUARTERS, "year"]:
        cells["city", column] = sum(cells[d.pk, column] for d in districts)
    keys: list[Any] = [d.pk for d in districts] + ["city"]
    lines: list[tuple[list[Any], Any]] = [
        ([(key, q) for q in QUARTERS], (key, "year")) for key in keys
    ]
    lines += [([(d.pk, column) for d in districts], ("city", column)) for column in QUARTERS]
    lines.append(([(d.pk, "year") for d in districts], ("city", "year")))
    hidden = hide(cells, lines)

    def line(key, label: str, slug: str) -> Line:
        columns = [*QUARTERS, "year"]
        shown = [None if (key, column) in hidden else cells[key, column] for column in columns]
        return Line(slug, label, [Cell(n) for n in shown])

    chosen_key = chosen.pk if chosen else "city"
    grid = Grid(
        key="incidents",
        title=_("Allvarliga händelser per stadsdelsförvaltning och kvartal"),
        note=_("Räknat i den stadsdelsförvaltning där händelsen inträffade."),
        line_header=_("Stadsdelsförvaltning"),
        columns=[*_quarter_labels(), _("Hela året")],
        lines=[line(d.pk, d.name, d.key) for d in districts if chosen is None or d == chosen],
        total=None if chosen else line("city", _("Hela staden"), "total"),
    )
    own = {column: cells[chosen_key, column] for column in [*QUARTERS, "year"]}
    own_hidden = {column for column in [*QUARTERS, "year"] if (chosen_key, column) in hidden}
    return grid, own, own_hidden


def _kind_grid(counts: Counter, chosen: District | None, totals: dict, totals_hidden: set):
    """Incidents per kind and quarter of the city or the chosen district; the totals are
    the incident grid's, hidden where it hides them."""
    cells: dict = {}
    for kind in IncidentKind.values:
        for quarter in QUARTERS:
            cells[kind, quarter] = sum(
                n
                for (district_id, code, q), n in counts.items()
                if code == kind and q == quarter and (chosen is None or district_id == chosen.pk)
            )
        cells[kind, "year"] = sum(cells[kind, q] for q in QUARTERS)
    for column, n in totals.items():
        cells["all", column] = n
    kinds = list(IncidentKind.values)
    lines = [([(kind, q) for q in QUARTERS], (kind, "year")) for kind in kinds]
    lines += [([(kind, column) for kind in kinds], ("all", column)) for column in totals]
    hidden = hide(cells, lines, frozenset(("all", column) for column in totals_hidden))
    columns = [*QUARTERS, "year"]

    def line(key, label: str) -> Line:
        return Line(
            str(key),
            label,
            [Cell(None if (key, c) in hidden else cells[key, c]) for c in columns],
        )

    return Grid(
        key="kinds",
        title=_("Allvarliga händelser per typ och kvartal"),
        note="",
        line_header=_("Vad som hänt"),
        columns=[*_quarter_labels(), _("Hela året")],
        lines=[line(kind.value, str(kind.label)) for kind in IncidentKind],
        total=line("all", _("Alla händelser")),
    )


def _relatives_grid(districts: list[District], counts: dict, chosen: District | None) -> Grid:
    """Per district where the relatives live: recorded, offered within the routine's
    time (and its share of those recorded), offered, accepted (and its share of those
    offered), and the city's line; suppressed across the whole city."""
    cells: dict = {}
    for district in districts:
        figures = counts.get(district.pk, {})
        for name in RELATIVE_FIGURES:
            cells[district.pk, name] = figures.get(name, 0)
    for name in RELATIVE_FIGURES:
        cells["city", name] = sum(cells[d.pk, name] for d in districts)
    lines = [([(d.pk, name) for d in districts], ("city", name)) for name in RELATIVE_FIGURES]
    hidden = hide(cells, lines)

    def line(key, label: str, slug: str) -> Line:
        def count(name: str) -> Cell:
            return Cell(None if (key, name) in hidden else cells[key, name])

        return Line(
            slug,
            label,
            [
                count("recorded"),
                count("in_time"),
                _share((key, "in_time"), (key, "recorded"), cells, hidden),
                count("offers"),
                count("accepted"),
                _share((key, "accepted"), (key, "offers"), cells, hidden),
            ],
        )

    return Grid(
        key="relatives",
        title=_("Anhöriga som erbjudits stöd inom rutinens tid och som tackat ja"),
        note=_(
            "Räknat i den stadsdelsförvaltning där de anhöriga bor, för händelser under året. "
            "Erbjudna inom rutinens tid: anhöriga som erbjudits stöd senast det antal dagar "
            "efter händelsen som stadsdelsförvaltningens rutin anger, av alla anhöriga som "
            "registrerats, också de som inte gick att nå. Tackade ja: av dem som erbjudits stöd."
        ),
        line_header=_("Stadsdelsförvaltning"),
        columns=[
            _("Registrerade anhöriga"),
            _("Erbjudna inom rutinens tid"),
            _("Andel erbjudna inom rutinens tid"),
            _("Erbjudna stöd"),
            _("Tackade ja"),
            _("Andel som tackade ja"),
        ],
        lines=[line(d.pk, d.name, d.key) for d in districts if chosen is None or d == chosen],
        total=None if chosen else line("city", _("Hela staden"), "total"),
    )


def _chart(incidents: Grid) -> Table:
    """Incidents per quarter of the city (or the chosen district), as a bar chart's table."""
    source = incidents.total or incidents.lines[0]
    return Table(
        key="incidents-per-quarter",
        title=_("Allvarliga händelser per kvartal"),
        unit=_("Händelser"),
        share_of="",
        rows=[
            Row(label, cell.value)
            for label, cell in zip(_quarter_labels(), source.cells[: len(QUARTERS)], strict=True)
        ],
    )


def build_statistics(*, filters: Filters) -> OutreachStatistics:
    """Every table of the page in three queries."""
    districts = list(District.objects.only("pk", "key", "name"))
    counts = _incident_counts(filters.year)
    incidents, totals, totals_hidden = _incident_grid(districts, counts, filters.district)
    return OutreachStatistics(
        filters=filters,
        incidents=incidents,
        kinds=_kind_grid(counts, filters.district, totals, totals_hidden),
        relatives=_relatives_grid(districts, _relative_counts(filters.year), filters.district),
        chart=_chart(incidents),
    )


def view_statistics(*, user, filters: Filters) -> OutreachStatistics:
    """The statistics for the page, recorded as viewed by ``user`` with the filters."""
    statistics = build_statistics(filters=filters)
    trail.record(
        actor=user, action=AuditEvent.Action.OUTREACH_STATISTICS_VIEWED, details=filters.details()
    )
    return statistics


def export_statistics(*, user, filters: Filters) -> OutreachStatistics:
    """The statistics for the CSV file, recorded as exported by ``user`` with the filters."""
    statistics = build_statistics(filters=filters)
    trail.record(
        actor=user,
        action=AuditEvent.Action.OUTREACH_STATISTICS_EXPORTED,
        details=filters.details(),
    )
    return statistics


CSV_HEADER = ("tabell", "rad", "kolumn", "värde")


def csv_rows(statistics: OutreachStatistics) -> list[tuple[str, str, str, str]]:
    """Every cell of the page's tables as (tabell, rad, kolumn, värde), the same
    suppressed figures, every text a cell a spreadsheet will not run as a formula."""
    rows = []
    for grid in statistics.grids:
        lines = [*grid.lines, *([grid.total] if grid.total else [])]
        for line in lines:
            for column, cell in zip(grid.columns, line.cells, strict=True):
                rows.append((grid.title, line.label, column, cell.display))
    return [
        (text_cell(str(table)), text_cell(str(label)), text_cell(str(column)), value)
        for table, label, column, value in rows
    ]
