"""Statistics for the committee: aggregated, suppressed counts read from the database.

``build_report`` is the one entry point. It runs a fixed number of aggregate
queries whatever the amount of data (the page's query count is pinned by a
test) and returns plain dataclasses that hold only publishable figures:

- a count from 1 to 4 is suppressed (``None``, shown as "<5"), so that no
  person can be recognised; 0 and 5 or more are shown;
- a derived figure (a share, a median, a mean) is withheld when it rests on
  fewer than 5, and a share is withheld with its count.

A contact is in the report when its ``contact_date`` lies in the period and
it was registered in the chosen district; a referral is in it when its
contact is. Raw counts never leave this module, so a template or the CSV
export cannot show one by mistake.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    RowRange,
    TextChoices,
    TextField,
    Window,
)
from django.db.models.functions import Cast, FirstValue, LastValue, RowNumber
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from guidance.models import District, EntryRoute, InternalProvider, Organisation, TargetGroup
from referrals.models import AgeGroup, Contact, Gender, Need, Referral, SupportSession

SUPPRESSION_LIMIT = 5
SUPPRESSED = "<5"
NOT_SHOWN = "–"
# The internal provider that serves children and young people.
CHILD_PROVIDER_KEY = "outpatient-children"


def suppress(count: int) -> int | None:
    """The count if it may be published (0, or 5 and more); ``None`` for 1–4."""
    if 0 < count < SUPPRESSION_LIMIT:
        return None
    return count


def show(count: int | None) -> str:
    """A suppressed count as text: "<5" or the number."""
    return SUPPRESSED if count is None else str(count)


def share(count: int, base: int) -> int | None:
    """Whole percent of ``base``, withheld when the base is under 5 or the count suppressed."""
    if base < SUPPRESSION_LIMIT or suppress(count) is None:
        return None
    return round(100 * count / base)


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None  # None: suppressed (1–4)
    share: int | None = None  # percent of the table's base; None: not shown

    @property
    def display(self) -> str:
        return show(self.count)

    @property
    def share_display(self) -> str:
        return NOT_SHOWN if self.share is None else f"{self.share} %"


@dataclass(frozen=True)
class Table:
    key: str  # a slug: HTML ids
    title: str
    unit: str  # what is counted, the count column's header
    share_of: str  # the share column's header
    rows: list[Row]
    total: Row | None = None  # the rows' sum, when the rows divide the whole
    note: str = ""

    @property
    def largest(self) -> int:
        """The largest shown count: the charts' scale."""
        return max((row.count or 0 for row in self.rows), default=0)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tables: list[Table]


@dataclass(frozen=True)
class Measure:
    """A derived figure (median, mean) with the number of referrals it rests on."""

    title: str
    basis_label: str
    basis: int | None  # suppressed count
    value_label: str
    value: float | None  # None: withheld (fewer than 5) or nothing to compute
    signed: bool = False  # show "+" on a positive value (a change)

    @property
    def basis_display(self) -> str:
        return show(self.basis)

    @property
    def value_display(self) -> str:
        if self.value is None:
            return NOT_SHOWN
        text = number_format(self.value, decimal_pos=1)
        return f"+{text}" if self.signed and self.value > 0 else text


@dataclass(frozen=True)
class Report:
    date_from: date | None
    date_to: date | None
    district: District | None
    contacts: int | None
    referrals: int | None
    sections: list[Section]
    measures: list[Measure]

    @property
    def contacts_display(self) -> str:
        return show(self.contacts)

    @property
    def referrals_display(self) -> str:
        return show(self.referrals)

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def _table(
    *,
    key: str,
    title: str,
    unit: str,
    share_of: str,
    counts: list[tuple[str, int]],
    base: int,
    total: bool = False,
    note: str = "",
) -> Table:
    """Suppress every count and share; ``total`` adds the rows' sum as a last row.

    Where the rows divide the whole, a lone suppressed cell could be worked out
    from the total, so the next smallest count is hidden with it (secondary
    suppression).
    """
    rows = [Row(str(label), suppress(n), share(n, base)) for label, n in counts]
    hidden = [i for i, (_label, n) in enumerate(counts) if suppress(n) is None]
    if total and len(hidden) == 1:
        shown = [(n, i) for i, (_label, n) in enumerate(counts) if n > 0 and i not in hidden]
        if shown:
            _n, partner = min(shown)
            rows[partner] = Row(rows[partner].label, None, None)
    whole = sum(n for _label, n in counts)
    return Table(
        key=key,
        title=title,
        unit=unit,
        share_of=share_of,
        rows=rows,
        total=Row(_("Totalt"), suppress(whole), share(whole, base)) if total else None,
        note=note,
    )


def in_report(
    *, date_from: date | None, date_to: date | None, district: District | None, via: str = ""
) -> Q:
    """The report's filter on contacts, reached through ``via`` (``"contact__"`` from a
    referral). Filtering on the contact's fields joins only when there is a filter; an
    ``IN`` over every contact cost a pass over the whole table at city scale."""
    condition = Q()
    if date_from:
        condition &= Q(**{f"{via}contact_date__gte": date_from})
    if date_to:
        condition &= Q(**{f"{via}contact_date__lte": date_to})
    if district:
        condition &= Q(**{f"{via}district": district})
    return condition


def filtered_contacts(
    *, date_from: date | None, date_to: date | None, district: District | None
) -> QuerySet[Contact]:
    return Contact.objects.filter(
        in_report(date_from=date_from, date_to=date_to, district=district)
    )


def _contact_figures(contacts: QuerySet[Contact], referrals: QuerySet[Referral]) -> dict[str, int]:
    """Every per-contact count in one aggregate query.

    ``needs`` is a JSON list. PostgreSQL asks the jsonb whether it contains the need
    (half the time of casting every list to text, at city scale); SQLite, which has no
    JSON containment, finds the need in quotes in the list's text form.
    """
    # An uncorrelated IN: PostgreSQL hashes it once (a correlated EXISTS ran per contact).
    to_child_support = referrals.filter(
        Q(service__serves_children=True) | Q(provider__key=CHILD_PROVIDER_KEY)
    ).values("contact_id")
    counts = {
        "total": Count("pk"),
        "children": Count("pk", filter=Q(children_in_household=True) | Q(relative_is_child=True)),
        "concern_report": Count("pk", filter=Q(child_concern_report__isnull=False)),
        "child_support": Count("pk", filter=Q(pk__in=to_child_support)),
    }
    for gender in Gender:
        values = [gender.value, ""] if gender == Gender.NOT_STATED else [gender.value]
        counts[f"gender_{gender.value}"] = Count("pk", filter=Q(gender__in=values))
    for age_group in AgeGroup:
        counts[f"age_{age_group.value}"] = Count("pk", filter=Q(age_group=age_group.value))
    postgresql = connection.vendor == "postgresql"
    for need in Need:
        has_need = (
            Q(needs__contains=[need.value])
            if postgresql
            else Q(needs_text__contains=f'"{need.value}"')
        )
        counts[f"need_{need.value}"] = Count("pk", filter=has_need)
    if not postgresql:
        contacts = contacts.annotate(needs_text=Cast("needs", TextField()))
    return contacts.aggregate(**counts)


def _counted(items: QuerySet, counts: dict[int, int]) -> list[tuple[str, int]]:
    """Each guidance item, in the model's own order, with its count (0 when absent).

    The counts are grouped on the side of the contacts and referrals (one pass over
    them) rather than joined from each item.
    """
    ordered = items.order_by(*items.model._meta.ordering)
    return [(item.name, counts.get(item.pk, 0)) for item in ordered]


def _grouped(referrals: QuerySet[Referral], field: str) -> dict[str, int]:
    return {row[field]: row["n"] for row in referrals.values(field).annotate(n=Count("pk"))}


def _referral_groups(referrals: QuerySet[Referral]) -> list[dict]:
    """Every referral count of the report in one pass: the referrals grouped by
    destination and outcomes (a few hundred groups at most), summed by ``_summed``.
    One query per table scanned the referrals five times."""
    return list(
        referrals.values(
            "provider_id",
            "service__organisation__category",
            "outcome",
            "decline_reason",
            "external_outcome",
        ).annotate(
            n=Count("pk"),
            closed=Count("pk", filter=Q(closed_at__isnull=False)),
            declined=Count("pk", filter=Q(declined_at__isnull=False)),
        )
    )


def _summed(
    groups: list[dict], key: str, *, count: str = "n", inside: bool | None = None
) -> dict[str, int]:
    """``count`` summed per value of ``key``; ``inside``: only internal referrals (True),
    only external and other ones (False), or all (None)."""
    totals: dict[str, int] = {}
    for group in groups:
        if inside is None or (group["provider_id"] is not None) == inside:
            totals[group[key]] = totals.get(group[key], 0) + group[count]
    return totals


def _choice_counts(
    choices: type[TextChoices], grouped: dict[str, int], *, missing_label: str
) -> list[tuple[str, int]]:
    """One row per choice in its order, and a last row for the blank value when there is one."""
    counts = [(choice.label, grouped.get(choice.value, 0)) for choice in choices]
    if grouped.get(""):
        counts.append((missing_label, grouped[""]))
    return counts


def _median(counted: list[tuple[int, int]]) -> float:
    """The median of values given as (value, how many times) pairs."""
    ordered = sorted(counted)
    total = sum(n for _value, n in ordered)
    wanted, middle, seen = [(total - 1) // 2, total // 2], [], 0
    for value, n in ordered:
        middle += [value for position in wanted if seen <= position < seen + n]
        seen += n
    return sum(middle) / 2


def _time_to_first_talk(referrals: QuerySet[Referral]) -> Measure:
    """Days from the contact to the first talk: one query counting each number of days,
    the median taken from those counts in Python because SQLite has no median."""
    waits = (
        referrals.filter(first_talk_on__isnull=False)
        .annotate(wait=F("first_talk_on") - F("contact__contact_date"))
        .values("wait")
        .annotate(n=Count("pk"))
    )
    days = [(row["wait"].days, row["n"]) for row in waits]
    count = sum(n for _days, n in days)
    return Measure(
        title=_("Tid från kontakt till första samtal"),
        basis_label=_("Hänvisningar med första samtal"),
        basis=suppress(count),
        value_label=_("Median, dagar"),
        value=float(_median(days)) if count >= SUPPRESSION_LIMIT else None,
    )


def _ors_change(sessions: QuerySet[SupportSession]) -> Measure:
    """Per referral with at least two ORS scores: the last score minus the first.

    One pass over the scored sessions with window functions; a subquery per
    referral for the first and the last score took seconds at city scale.
    """
    in_order = [F("held_on"), F("created_at"), F("pk")]
    whole = {"partition_by": F("referral_id"), "order_by": in_order, "frame": RowRange()}
    changes = (
        sessions.filter(ors_score__isnull=False)
        .annotate(
            first_score=Window(FirstValue("ors_score"), **whole),
            last_score=Window(LastValue("ors_score"), **whole),
            scores=Window(Count("pk"), **whole),
            position=Window(RowNumber(), partition_by=F("referral_id"), order_by=in_order),
        )
        .filter(position=1, scores__gte=2)
        .aggregate(
            n=Count("pk"),
            mean=Avg(Cast(F("last_score") - F("first_score"), FloatField())),
        )
    )
    enough = changes["n"] >= SUPPRESSION_LIMIT
    return Measure(
        title=_("Förändring i ORS"),
        basis_label=_("Hänvisningar med minst två ORS-skattningar"),
        basis=suppress(changes["n"]),
        value_label=_("Genomsnittlig förändring, poäng (sista minus första)"),
        value=round(float(changes["mean"]), 1) if enough else None,
        signed=True,
    )


def build_report(
    *, date_from: date | None, date_to: date | None, district: District | None
) -> Report:
    """The whole report for one period and district, in a fixed number of queries."""
    period = {"date_from": date_from, "date_to": date_to, "district": district}
    contacts = filtered_contacts(**period)
    referrals = Referral.objects.filter(in_report(**period, via="contact__"))
    figures = _contact_figures(contacts, referrals)
    total = figures["total"]
    per_contact = {"unit": _("Kontakter"), "share_of": _("Andel av kontakterna")}
    per_referral = {"unit": _("Hänvisningar"), "share_of": _("Andel av hänvisningarna")}

    equality = _table(
        key="equality",
        title=_("Kvinnor och män som nåtts"),
        counts=[
            (_("Kvinnor"), figures[f"gender_{Gender.WOMAN}"]),
            (_("Män"), figures[f"gender_{Gender.MAN}"]),
        ],
        base=total,
        **per_contact,
    )
    children = _table(
        key="children",
        title=_("Barn i kontakterna och vad som gjordes"),
        counts=[
            (
                _("Barn berörs (barn i hushållet eller den anhöriga är ett barn)"),
                figures["children"],
            ),
            (_("En orosanmälan gjordes"), figures["concern_report"]),
            (_("Hänvisad till stöd som tar emot barn"), figures["child_support"]),
        ],
        base=total,
        note=_(
            "Stöd som tar emot barn: externt stöd som tar emot barn eller Öppenvården för "
            "barn och unga."
        ),
        **per_contact,
    )

    # District and entry route in one pass over the contacts.
    places = list(contacts.values("district_id", "entry_route_id").annotate(n=Count("pk")))
    districts = District.objects.all()
    if district:
        districts = districts.filter(pk=district.pk)
    contact_tables = [
        _table(
            key="target-groups",
            title=_("Målgrupp"),
            counts=_counted(
                TargetGroup.objects.all(),
                _grouped(
                    Contact.target_groups.through.objects.filter(
                        in_report(**period, via="contact__")
                    ),
                    "targetgroup_id",
                ),
            ),
            base=total,
            note=_("En kontakt kan höra till flera målgrupper."),
            **per_contact,
        ),
        _table(
            key="districts",
            title=_("Stadsdelsförvaltning"),
            counts=_counted(districts, _summed(places, "district_id")),
            base=total,
            total=True,
            **per_contact,
        ),
        _table(
            key="entry-routes",
            title=_("Ingång till socialtjänsten"),
            counts=_counted(EntryRoute.objects.all(), _summed(places, "entry_route_id")),
            base=total,
            total=True,
            **per_contact,
        ),
        _table(
            key="gender",
            title=_("Kön"),
            counts=[(choice.label, figures[f"gender_{choice.value}"]) for choice in Gender],
            base=total,
            total=True,
            **per_contact,
        ),
        _table(
            key="age-groups",
            title=_("Åldersgrupp"),
            counts=[(choice.label, figures[f"age_{choice.value}"]) for choice in AgeGroup],
            base=total,
            total=True,
            **per_contact,
        ),
        _table(
            key="needs",
            title=_("Typ av stöd som behövdes"),
            counts=[(choice.label, figures[f"need_{choice.value}"]) for choice in Need],
            base=total,
            note=_("En kontakt kan ha flera behov."),
            **per_contact,
        ),
    ]

    groups = _referral_groups(referrals)
    internal = _counted(InternalProvider.objects.all(), _summed(groups, "provider_id", inside=True))
    outside = _summed(groups, "service__organisation__category", inside=False)
    destinations = [
        *internal,
        *(
            (
                _("Externt stöd: %(category)s") % {"category": category.label},
                outside.get(category, 0),
            )
            for category in Organisation.Category
        ),
        (_("Annan mottagare"), outside.get(None, 0)),
    ]
    referral_total = sum(n for _label, n in destinations)

    closed_counts = _choice_counts(
        Referral.Outcome,
        _summed(groups, "outcome", count="closed", inside=True),
        missing_label=_("Utfall saknas"),
    )
    declined_counts = _choice_counts(
        Referral.DeclineReason,
        _summed(groups, "decline_reason", count="declined"),
        missing_label=_("Skäl saknas"),
    )
    external_counts = _choice_counts(
        Referral.ExternalOutcome,
        _summed(groups, "external_outcome", inside=False),
        missing_label=_("Inget utfall registrerat än"),
    )
    outcome_tables = [
        _table(
            key="closed-outcomes",
            title=_("Utfall av avslutade interna hänvisningar"),
            counts=closed_counts,
            base=sum(n for _label, n in closed_counts),
            total=True,
            unit=_("Hänvisningar"),
            share_of=_("Andel av de avslutade"),
        ),
        _table(
            key="decline-reasons",
            title=_("Skäl till att hänvisningar avböjdes"),
            counts=declined_counts,
            base=sum(n for _label, n in declined_counts),
            total=True,
            unit=_("Hänvisningar"),
            share_of=_("Andel av de avböjda"),
        ),
        _table(
            key="external-outcomes",
            title=_("Utfall hos externa mottagare"),
            counts=external_counts,
            base=sum(n for _label, n in external_counts),
            total=True,
            unit=_("Hänvisningar"),
            share_of=_("Andel av de externa"),
            note=_("Hänvisningar till externt stöd och till andra mottagare."),
        ),
    ]

    return Report(
        date_from=date_from,
        date_to=date_to,
        district=district,
        contacts=suppress(total),
        referrals=suppress(referral_total),
        sections=[
            Section(
                "equality-and-children",
                _("Jämställdhet och barnperspektiv"),
                [
                    equality,
                    children,
                ],
            ),
            Section("contacts", _("Kontakter"), contact_tables),
            Section(
                "referrals",
                _("Hänvisningar"),
                [
                    _table(
                        key="destinations",
                        title=_("Mottagare"),
                        counts=destinations,
                        base=referral_total,
                        total=True,
                        **per_referral,
                    )
                ],
            ),
            Section("outcomes", _("Utfall"), outcome_tables),
        ],
        measures=[
            _time_to_first_talk(referrals),
            _ors_change(
                SupportSession.objects.filter(in_report(**period, via="referral__contact__"))
            ),
        ],
    )


def _plain(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (names are editable in the admin)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def to_csv_rows(report: Report) -> list[tuple[str, str, str]]:
    """The report as (avsnitt, kategori, antal) rows: counts, totals and the two measures."""
    overview = _("Översikt")
    rows = [
        (overview, _("Kontakter"), show(report.contacts)),
        (overview, _("Hänvisningar"), show(report.referrals)),
    ]
    for table in report.tables:
        rows.extend((table.title, row.label, row.display) for row in table.rows)
        if table.total:
            rows.append((table.title, table.total.label, table.total.display))
    for measure in report.measures:
        rows.append((measure.title, measure.basis_label, measure.basis_display))
        rows.append((measure.title, measure.value_label, measure.value_display))
    return [(_plain(str(section)), _plain(str(label)), value) for section, label, value in rows]
