"""Closing a service in the admin (a mixin of ``ServiceAdmin``): what closing
asks for and warns about, and why a service with referrals is closed, not deleted."""

from guidance.admin.base import GuidanceAdmin


class ClosureAdmin(GuidanceAdmin):
    """Closure in the service admin."""
