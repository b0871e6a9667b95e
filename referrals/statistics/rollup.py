"""The statistics' monthly figures: every count the report needs, per month and district.

Counting 100,000 contacts and 150,000 referrals took seconds per view at city scale;
the report now sums a few thousand stored figures instead. ``compute`` recomputes
them all from the case data, in one transaction: every night (``manage.py
compute_statistics`` from cron) and when someone with the statistics role asks for
fresh figures on the page. Each computation writes its own audit event, so the
nightly run is in the trail as well as the one asked for on the page.

Every figure adds up over months and districts: a contact belongs to the month of
its contact date and to its district, and its referrals and support sessions go with
it. A median cannot be added, so the days to the first talk are stored as a count per
number of days; an ORS change as a count and a sum, in tenths of a point.

The figures are raw counts. They never leave ``referrals.statistics`` unsuppressed.
"""

import time
from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, RowRange, Sum, TextField, Window
from django.db.models.functions import Cast, FirstValue, LastValue, RowNumber, TruncMonth
from django.utils import timezone

from audit import trail
from audit.models import AuditEvent
from referrals.models import (
    AgeGroup,
    Contact,
    Gender,
    MonthlyFigure,
    Need,
    Referral,
    StatisticsRun,
    SupportSession,
)

# Figure names. Those with a colon take a value after it: a choice, a primary key
# or a number of days.
CONTACTS = "contacts"
CHILDREN = "children"
CONCERN_REPORT = "concern_report"
CHILD_SUPPORT = "child_support"
INFORMATION_ONLY = "information_only"  # contacts that ended with advice, no referral
GENDER = "gender:"
AGE = "age:"
NEED = "need:"
TARGET_GROUP = "target_group:"
ENTRY_ROUTE = "entry_route:"
TO_PROVIDER = "to_provider:"  # an internal provider, by primary key
TO_CATEGORY = "to_category:"  # an external organisation's category
TO_OTHER = "to_other"
CLOSED = "closed:"  # an internal referral closed, by outcome
DECLINED = "declined:"  # by reason
EXTERNAL = "external:"  # an external or other referral, by outcome there
DAYS_TO_FIRST_TALK = "days_to_first_talk:"
ORS_CHANGES = "ors_changes"  # referrals with at least two scores
ORS_CHANGE_TENTHS = "ors_change_tenths"  # the sum of their changes, last minus first

Key = tuple[date, int | None]  # month, district (None: the whole city)
Figures = dict[Key, Counter]


def _contact_month(path: str = "") -> TruncMonth:
    return TruncMonth(f"{path}contact_date")


def _count_by(
    figures: Figures, rows: QuerySet, district: str, field: str, prefix: str, value=str
) -> None:
    """Count ``rows`` (annotated with their ``month``) per month, district and ``field``;
    each count is added under the figure ``prefix`` + ``value(field's value)``."""
    grouped = rows.order_by().values("month", district, field).annotate(n=Count("pk"))
    for row in grouped:
        counter = figures.setdefault((row["month"], row[district]), Counter())
        counter[f"{prefix}{value(row[field])}"] += row["n"]


def _contact_figures(figures: Figures) -> None:
    """Every per-contact count, in one pass grouped by month and district."""
    # Support that takes children: an external service or an internal provider flagged so.
    to_child_support = Referral.objects.filter(
        Q(service__serves_children=True) | Q(provider__serves_children=True)
    ).values("contact_id")
    counts = {
        CONTACTS: Count("pk"),
        CHILDREN: Count("pk", filter=Q(children_in_household=True) | Q(relative_is_child=True)),
        CONCERN_REPORT: Count("pk", filter=Q(child_concern_report__isnull=False)),
        CHILD_SUPPORT: Count("pk", filter=Q(pk__in=to_child_support)),
        INFORMATION_ONLY: Count("pk", filter=~Q(pk__in=Referral.objects.values("contact_id"))),
    }
    for gender in Gender:
        values = [gender.value, ""] if gender == Gender.NOT_STATED else [gender.value]
        counts[GENDER + gender.value] = Count("pk", filter=Q(gender__in=values))
    for age_group in AgeGroup:
        counts[AGE + age_group.value] = Count("pk", filter=Q(age_group=age_group.value))
    # PostgreSQL asks the jsonb list whether it holds the need; SQLite has no JSON
    # containment and finds the need in quotes in the list's text.
    postgresql = connection.vendor == "postgresql"
    contacts = Contact.objects.annotate(month=_contact_month())
    if not postgresql:
        contacts = contacts.annotate(needs_text=Cast("needs", TextField()))
    for need in Need:
        counts[NEED + need.value] = Count(
            "pk",
            filter=Q(needs__contains=[need.value])
            if postgresql
            else Q(needs_text__contains=f'"{need.value}"'),
        )
    rows = contacts.order_by().values("month", "district_id").annotate(**counts)
    for row in rows:
        counted: dict[str, Any] = dict(row)
        key = (counted.pop("month"), counted.pop("district_id"))
        figures.setdefault(key, Counter()).update({name: n for name, n in counted.items() if n})

    _count_by(figures, contacts, "district_id", "entry_route_id", ENTRY_ROUTE)
    _count_by(
        figures,
        Contact.target_groups.through.objects.annotate(month=_contact_month("contact__")),
        "contact__district_id",
        "targetgroup_id",
        TARGET_GROUP,
    )


def _destination(row: Mapping[str, Any]) -> str:
    if row["provider_id"] is not None:
        return f"{TO_PROVIDER}{row['provider_id']}"
    if row["category"] is not None:
        return f"{TO_CATEGORY}{row['category']}"
    return TO_OTHER


def _referral_figures(figures: Figures) -> None:
    """Destinations and outcomes: the referrals grouped once by month, district,
    destination and outcomes (a few thousand groups), then added up per figure."""
    groups = (
        Referral.objects.annotate(
            month=_contact_month("contact__"), category=F("service__organisation__category")
        )
        .order_by()
        .values(
            "month",
            "contact__district_id",
            "provider_id",
            "category",
            "outcome",
            "decline_reason",
            "external_outcome",
        )
        .annotate(
            n=Count("pk"),
            closed=Count("pk", filter=Q(closed_at__isnull=False)),
            declined=Count("pk", filter=Q(declined_at__isnull=False)),
        )
    )
    for group in groups:
        counter = figures.setdefault((group["month"], group["contact__district_id"]), Counter())
        counter[_destination(group)] += group["n"]
        if group["provider_id"] is not None:
            counter[f"{CLOSED}{group['outcome']}"] += group["closed"]
        else:
            counter[f"{EXTERNAL}{group['external_outcome']}"] += group["n"]
        counter[f"{DECLINED}{group['decline_reason']}"] += group["declined"]

    _count_by(
        figures,
        Referral.objects.filter(first_talk_on__isnull=False).annotate(
            month=_contact_month("contact__"),
            wait=F("first_talk_on") - F("contact__contact_date"),
        ),
        "contact__district_id",
        "wait",
        DAYS_TO_FIRST_TALK,
        value=lambda wait: wait.days,
    )


def _ors_figures(figures: Figures) -> None:
    """Per referral with at least two ORS scores: the last score minus the first, in
    one pass over the scored sessions with window functions."""
    in_order = [F("held_on"), F("created_at"), F("pk")]
    whole: dict[str, Any] = {
        "partition_by": F("referral_id"),
        "order_by": in_order,
        "frame": RowRange(),
    }
    changes = (
        SupportSession.objects.filter(ors_score__isnull=False)
        .annotate(
            month=_contact_month("referral__contact__"),
            district_id=F("referral__contact__district_id"),
            first_score=Window(FirstValue("ors_score"), **whole),
            last_score=Window(LastValue("ors_score"), **whole),
            scores=Window(Count("pk"), **whole),
            position=Window(RowNumber(), partition_by=F("referral_id"), order_by=in_order),
        )
        .filter(position=1, scores__gte=2)
        .order_by()
        .values_list("month", "district_id", "first_score", "last_score")
    )
    for month, district_id, first, last in changes.iterator(chunk_size=5000):
        counter = figures.setdefault((month, district_id), Counter())
        counter[ORS_CHANGES] += 1
        counter[ORS_CHANGE_TENTHS] += round(10 * (last - first))


def collect() -> Figures:
    """Every figure of every month and district, from the case data as it is now."""
    figures: Figures = {}
    _contact_figures(figures)
    _referral_figures(figures)
    _ors_figures(figures)
    return figures


def _as_date(month) -> date:
    """SQLite's month truncation of a date comes back as a datetime."""
    return month.date() if hasattr(month, "date") else month


def _with_city(figures: Figures) -> Figures:
    """The districts' figures and, under district ``None``, the city's: their sum."""
    city: Figures = {}
    for (month, _district), counter in figures.items():
        city.setdefault((month, None), Counter()).update(counter)
    return {**figures, **city}


# On request, the figures are not computed again within this many seconds of the last
# computation: a double click, or a second user pressing the button meanwhile, finds
# them just computed.
RECOMPUTE_AFTER_SECONDS = 60

# How a computation was started, as its audit event says (``details["started_from"]``).
STARTED_FROM_COMMAND = "command"  # manage.py compute_statistics, every night
STARTED_FROM_PAGE = "page"  # the button on the statistics page
STARTED_FROM_CODE = "code"  # a direct call: a test, the benchmark's seed


def compute(
    *,
    started_by=None,
    started_from: str = STARTED_FROM_CODE,
    unless_newer_than: int | None = None,
) -> tuple[StatisticsRun, bool]:
    """Replace the stored figures with freshly collected ones, in one transaction
    (a report read meanwhile sees the old figures or the new, never half), and
    record the computation in the audit trail in the same transaction.

    ``started_by`` is the user who asked (``None``: the nightly job), ``started_from``
    one of the ``STARTED_FROM_*`` names. With ``unless_newer_than``, figures computed
    that many seconds ago or less are kept, and nothing is recorded. Returns the run
    that made the figures, and whether it is a new one."""
    started = time.monotonic()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One computation at a time: a second waits here for the first.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('monthly_figures'))")
        latest = StatisticsRun.objects.first()
        if (
            unless_newer_than is not None
            and latest is not None
            and timezone.now() - latest.finished_at <= timedelta(seconds=unless_newer_than)
        ):
            return latest, False
        figures = collect()
        MonthlyFigure.objects.all().delete()
        MonthlyFigure.objects.bulk_create(
            (
                MonthlyFigure(month=_as_date(month), district_id=district_id, figure=name, value=n)
                for (month, district_id), counter in _with_city(figures).items()
                for name, n in counter.items()
                if n
            ),
            batch_size=2000,
        )
        contacts = sum(counter[CONTACTS] for counter in figures.values())
        run = StatisticsRun.objects.create(
            started_by=started_by, contacts=contacts, seconds=time.monotonic() - started
        )
        trail.record(
            actor=started_by,
            action=AuditEvent.Action.STATISTICS_COMPUTED,
            details={
                "contacts": run.contacts,
                "seconds": round(run.seconds, 1),
                "started_from": started_from,
            },
        )
        return run, True


def _in_period(rows, month_from: date | None, month_to: date | None):
    if month_from:
        rows = rows.filter(month__gte=month_from)
    if month_to:
        rows = rows.filter(month__lte=month_to)
    return rows


def summed(*, month_from: date | None, month_to: date | None, district_id: int | None) -> Counter:
    """The stored figures of one district (``None``: the city) over the months from
    ``month_from`` through ``month_to`` (``None``: no limit), added up."""
    rows = _in_period(MonthlyFigure.objects.filter(district=district_id), month_from, month_to)
    return Counter(
        dict(
            rows.order_by().values("figure").annotate(sum=Sum("value")).values_list("figure", "sum")
        )
    )


def contacts_per_district(*, month_from: date | None, month_to: date | None) -> dict[int, int]:
    """The number of contacts of each district over the months."""
    rows = _in_period(
        MonthlyFigure.objects.filter(figure=CONTACTS, district__isnull=False), month_from, month_to
    )
    return dict(
        rows.order_by()
        .values("district_id")
        .annotate(sum=Sum("value"))
        .values_list("district_id", "sum")
    )
