"""The directory in and out (a mixin of ``ServiceAdmin``): export as CSV and
HSDS 3 JSON, import a CSV of changes with a preview."""

from guidance.admin.base import GuidanceAdmin


class TransferAdmin(GuidanceAdmin):
    """Export and import in the service admin."""
