"""Statistics for the committee: aggregated, suppressed counts.

``build_report`` is the one entry point. It adds up the stored monthly figures
(``referrals.rollup``) in a fixed number of queries whatever the amount of data
(the page's query count is pinned by a test) and returns plain dataclasses that
hold only publishable figures:

- a count from 1 to 4 is suppressed (``None``, shown as "<5"), so that no
  person can be recognised; 0 and 5 or more are shown;
- a derived figure (a share, a median, a mean) is withheld when it rests on
  fewer than 5, and a share is withheld with its count.

A contact is in the report when the month of its ``contact_date`` lies in the
period and it was registered in the chosen district; a referral is in it when
its contact is. Periods are whole months: two reports on overlapping day ranges
could otherwise be subtracted to reveal a suppressed count. Raw counts never
leave this module, so a template or the CSV export cannot show one by mistake.
"""

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import QuerySet, TextChoices
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from guidance.models import District, EntryRoute, InternalProvider, Organisation, TargetGroup
from referrals.models import AgeGroup, Gender, Need, Referral, StatisticsRun
from referrals.statistics import rollup
from referrals.statistics.suppression import SUPPRESSION_LIMIT, share, suppress
from referrals.statistics.tables import Measure, Report, Row, Section, Table


def _table(
    *,
    key: str,
    title: str,
    unit: str,
    share_of: str,
    counts: list[tuple[Any, int]],
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


def _counted(items: QuerySet, counts: dict, prefix: str = "") -> list[tuple[str, int]]:
    """Each guidance item, in the model's own order, with its count (0 when absent):
    ``counts`` by primary key, or by figure name ``prefix`` + primary key."""
    ordered = items.order_by(*items.model._meta.ordering)
    return [
        (item.name, counts.get(f"{prefix}{item.pk}" if prefix else item.pk, 0)) for item in ordered
    ]


def _choice_counts(
    choices: type[TextChoices], figures: Counter, prefix: str, *, missing_label: str
) -> list[tuple[str, int]]:
    """One row per choice in its order, and a last row for the blank value when there is one."""
    counts = [(choice.label, figures[prefix + choice.value]) for choice in choices]
    if figures[prefix]:
        counts.append((missing_label, figures[prefix]))
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


def _time_to_first_talk(figures: Counter) -> Measure:
    """The median number of days from the contact to the first talk, from the count
    of referrals per number of days."""
    prefix = rollup.DAYS_TO_FIRST_TALK
    days = [
        (int(name.removeprefix(prefix)), n)
        for name, n in figures.items()
        if name.startswith(prefix)
    ]
    count = sum(n for _days, n in days)
    return Measure(
        title=_("Tid från kontakt till första samtal"),
        basis_label=_("Hänvisningar med första samtal"),
        basis=suppress(count),
        value_label=_("Median, dagar"),
        value=float(_median(days)) if count >= SUPPRESSION_LIMIT else None,
    )


def _ors_change(figures: Counter) -> Measure:
    """The mean of last minus first ORS score, over referrals with at least two."""
    count = figures[rollup.ORS_CHANGES]
    enough = count >= SUPPRESSION_LIMIT
    return Measure(
        title=_("Förändring i ORS"),
        basis_label=_("Hänvisningar med minst två ORS-skattningar"),
        basis=suppress(count),
        value_label=_("Genomsnittlig förändring, poäng (sista minus första)"),
        value=round(figures[rollup.ORS_CHANGE_TENTHS] / 10 / count, 1) if enough else None,
        signed=True,
    )


def _child_support_note() -> str:
    """What counts as support that takes children: the internal providers are those
    flagged ``serves_children`` in the guidance, named as they are named there."""
    providers = list(
        InternalProvider.objects.filter(serves_children=True)
        .order_by(*(InternalProvider._meta.ordering or ()))
        .values_list("name", flat=True)
    )
    if not providers:
        return _("Stöd som tar emot barn: externt stöd som tar emot barn.")
    return _("Stöd som tar emot barn: externt stöd som tar emot barn eller %(providers)s.") % {
        "providers": get_text_list(providers, _("eller"))
    }


def build_report(
    *, month_from: date | None, month_to: date | None, district: District | None
) -> Report:
    """The whole report for whole months (``month_to`` included) and a district, from the
    stored monthly figures (``referrals.rollup``), in a fixed number of queries."""
    period = {"month_from": month_from, "month_to": month_to}
    figures = rollup.summed(**period, district_id=district.pk if district else None)
    total = figures[rollup.CONTACTS]
    per_contact: dict[str, Any] = {"unit": _("Kontakter"), "share_of": _("Andel av kontakterna")}
    per_referral = {"unit": _("Hänvisningar"), "share_of": _("Andel av hänvisningarna")}

    equality = _table(
        key="equality",
        title=_("Kvinnor och män som nåtts"),
        counts=[
            (_("Kvinnor"), figures[rollup.GENDER + Gender.WOMAN]),
            (_("Män"), figures[rollup.GENDER + Gender.MAN]),
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
                figures[rollup.CHILDREN],
            ),
            (_("En orosanmälan gjordes"), figures[rollup.CONCERN_REPORT]),
            (_("Hänvisad till stöd som tar emot barn"), figures[rollup.CHILD_SUPPORT]),
        ],
        base=total,
        note=_child_support_note(),
        **per_contact,
    )

    information_only = _table(
        key="information-only",
        title=_("Kontakter som slutade med råd och information"),
        counts=[
            (_("Ingen hänvisning – bara råd och information"), figures[rollup.INFORMATION_ONLY])
        ],
        base=total,
        **per_contact,
    )

    if district:
        districts = District.objects.filter(pk=district.pk)
        per_district = {district.pk: total}
    else:
        districts = District.objects.all()
        per_district = rollup.contacts_per_district(**period)
    contact_tables = [
        _table(
            key="target-groups",
            title=_("Målgrupp"),
            counts=_counted(TargetGroup.objects.all(), figures, rollup.TARGET_GROUP),
            base=total,
            note=_("En kontakt kan höra till flera målgrupper."),
            **per_contact,
        ),
        _table(
            key="districts",
            title=_("Stadsdelsförvaltning"),
            counts=_counted(districts, per_district),
            base=total,
            total=True,
            **per_contact,
        ),
        _table(
            key="entry-routes",
            title=_("Ingång till socialtjänsten"),
            counts=_counted(EntryRoute.objects.all(), figures, rollup.ENTRY_ROUTE),
            base=total,
            total=True,
            **per_contact,
        ),
        _table(
            key="gender",
            title=_("Kön"),
            counts=[(choice.label, figures[rollup.GENDER + choice.value]) for choice in Gender],
            base=total,
            total=True,
            **per_contact,
        ),
        _table(
            key="age-groups",
            title=_("Åldersgrupp"),
            counts=[(choice.label, figures[rollup.AGE + choice.value]) for choice in AgeGroup],
            base=total,
            total=True,
            **per_contact,
        ),
        _table(
            key="needs",
            title=_("Typ av stöd som behövdes"),
            counts=[(choice.label, figures[rollup.NEED + choice.value]) for choice in Need],
            base=total,
            note=_("En kontakt kan ha flera behov."),
            **per_contact,
        ),
    ]

    destinations = [
        *_counted(InternalProvider.objects.all(), figures, rollup.TO_PROVIDER),
        *(
            (
                _("Externt stöd: %(category)s") % {"category": category.label},
                figures[rollup.TO_CATEGORY + category.value],
            )
            for category in Organisation.Category
        ),
        (_("Annan mottagare"), figures[rollup.TO_OTHER]),
    ]
    referral_total = sum(n for _label, n in destinations)

    closed_counts = _choice_counts(
        Referral.Outcome, figures, rollup.CLOSED, missing_label=_("Utfall saknas")
    )
    declined_counts = _choice_counts(
        Referral.DeclineReason, figures, rollup.DECLINED, missing_label=_("Skäl saknas")
    )
    external_counts = _choice_counts(
        Referral.ExternalOutcome,
        figures,
        rollup.EXTERNAL,
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
        month_from=month_from,
        month_to=month_to,
        district=district,
        computed_at=StatisticsRun.objects.values_list("finished_at", flat=True).first(),
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
            Section("contacts", _("Kontakter"), [information_only, *contact_tables]),
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
        measures=[_time_to_first_talk(figures), _ors_change(figures)],
    )
