"""The administrator's start page: how many services are due for a check."""

from django import template
from django.urls import reverse

from guidance import checks

register = template.Library()


@register.inclusion_tag("admin/guidance/service/due_summary.html", takes_context=True)
def due_summary(context) -> dict:
    """``{% due_summary %}``: the counts, for those who may record a check."""
    user = context["request"].user
    if not user.has_perm("guidance.change_service"):
        return {"show": False}
    counts = checks.due_counts()
    return {
        "show": True,
        "overdue": counts.overdue,
        "soon": counts.soon,
        "round_url": reverse("admin:guidance_service_verification"),
    }
