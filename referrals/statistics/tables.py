"""What a report is made of: tables of suppressed rows, measures and sections."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.formats import number_format

from guidance.models import District
from referrals.statistics.suppression import NOT_SHOWN, show


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
    month_from: date | None  # the first day of a month
    month_to: date | None  # the first day of the last month in the report
    district: District | None
    computed_at: datetime | None  # when the monthly figures were computed; None: never
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
