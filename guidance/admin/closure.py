"""Closing a service in the admin (a mixin of ``ServiceAdmin``): what closing
asks for and warns about, and why a service with referrals is closed, not deleted.

The rules (a date, a reason, an expected reopening not before the closing) are
``guidance.closure``'s, checked by ``Service.clean`` so every form gets them.
Here: saving a closure tells the administrator how many open referrals go to the
service, in counts only (the administrator sees no relative's data); and the
delete page of a service that referrals name says it cannot be deleted and
points to closing it, where Django would ask to delete the referrals first.
"""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidance import closure
from guidance.admin.base import GuidanceAdmin


def open_referrals_message(summary: closure.OpenReferrals) -> str:
    """The warning on closing, e.g. "3 öppna hänvisningar går till tjänsten (Farsta 2, …)"."""
    if not summary.count:
        return _("Inga öppna hänvisningar går till tjänsten.")
    where = ", ".join(f"{name} {count}" for name, count in summary.by_district)
    return ngettext(
        "%(count)d öppen hänvisning går till tjänsten (%(where)s). Handläggarna ser att "
        "tjänsten är stängd på kontakten och på informationsbladet; berätta gärna för dem.",
        "%(count)d öppna hänvisningar går till tjänsten (%(where)s). Handläggarna ser att "
        "tjänsten är stängd på kontakterna och på informationsbladen; berätta gärna för dem.",
        summary.count,
    ) % {"count": summary.count, "where": where}


class ClosureAdmin(GuidanceAdmin):
    """Closure in the service admin."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if closure.is_closed(obj) and "status" in form.changed_data:
            summary = closure.open_referral_summary(obj)
            level = messages.WARNING if summary.count else messages.INFO
            self.message_user(request, open_referrals_message(summary), level=level)

    def get_deleted_objects(self, objs, request):
        """Django's list of protected referrals replaced by one line per service: how
        many referrals name it, and a link to close it instead."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            protected = [self._delete_blocked(service) for service in objs]
            protected = [line for line in protected if line]
        return deleted, counts, perms_needed, protected

    def _delete_blocked(self, service) -> str:
        count = closure.referral_count(service)
        if not count:
            return ""
        change = reverse("admin:guidance_service_change", args=[service.pk])
        text = ngettext(
            "”%(service)s” har %(count)d hänvisning och kan inte tas bort.",
            "”%(service)s” har %(count)d hänvisningar och kan inte tas bort.",
            count,
        ) % {"service": service, "count": count}
        return format_html(
            '{} <a href="{}#id_status">{}</a>',
            text,
            change,
            _("Stäng tjänsten i stället (status Nedlagd eller Tillfälligt stängd)."),
        )
