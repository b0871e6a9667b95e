"""What the statistics pages do, as functions a test can call without a request.

Viewing and exporting the report are reads of aggregated figures, but each one is
written to the audit trail with the filters it used, so they live here and not in
the views. Computing the figures records its own event in ``rollup.compute``,
wherever it runs (the page's button or the nightly command).
"""

from dataclasses import dataclass
from datetime import date

from audit import trail
from audit.models import AuditEvent
from guidance.models import District
from referrals.statistics import rollup
from referrals.statistics.models import StatisticsRun
from referrals.statistics.report import build_report
from referrals.statistics.tables import Report


@dataclass(frozen=True)
class Filters:
    """A report's period (whole months of the contact date) and district; ``None``
    means no limit, or the whole city."""

    month_from: date | None = None
    month_to: date | None = None
    district: District | None = None

    def details(self) -> dict:
        """The filters as the audit trail and the CSV file name write them."""
        return {
            "month_from": f"{self.month_from:%Y-%m}" if self.month_from else None,
            "month_to": f"{self.month_to:%Y-%m}" if self.month_to else None,
            "district": self.district.key if self.district else None,
        }


def _report(filters: Filters) -> Report:
    return build_report(
        month_from=filters.month_from, month_to=filters.month_to, district=filters.district
    )


def view_report(*, user, filters: Filters, print_view: bool = False) -> Report:
    """The report for the page (or its print view), recorded as viewed by ``user``."""
    report = _report(filters)
    trail.record(
        actor=user,
        action=AuditEvent.Action.STATISTICS_VIEWED,
        details={**filters.details(), "print": print_view},
    )
    return report


def export_report(*, user, filters: Filters) -> Report:
    """The report for the CSV export, recorded as exported by ``user``."""
    report = _report(filters)
    trail.record(
        actor=user, action=AuditEvent.Action.STATISTICS_EXPORTED, details=filters.details()
    )
    return report


def compute_on_request(*, user) -> tuple[StatisticsRun, bool]:
    """Compute the figures now for ``user``, unless they were computed within the last
    ``RECOMPUTE_AFTER_SECONDS`` (a double click). Returns the run whose figures stand
    and whether it is a new one; a new one is audited by ``rollup.compute``."""
    return rollup.compute(
        started_by=user,
        started_from=rollup.STARTED_FROM_PAGE,
        unless_newer_than=rollup.RECOMPUTE_AFTER_SECONDS,
    )
