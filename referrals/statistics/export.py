"""The report as CSV rows, with nothing a spreadsheet would run as a formula."""

from django.utils.translation import gettext as _

from referrals.statistics.suppression import show
from referrals.statistics.tables import Report


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
