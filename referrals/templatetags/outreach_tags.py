"""The outreach part of the start page: the overdue tasks the user owns and how many
of their district's tasks are overdue (the guidance app may not import referrals,
so its template asks here)."""

from django import template
from django.utils import timezone

from anhorigstod.roles import FOLLOW_OUTREACH
from referrals.outreach import pages

register = template.Library()

# The start page lists the few most overdue; the incident list shows them all.
START_PAGE_TASKS = 10


@register.inclusion_tag("referrals/outreach/_start_page_overdue.html", takes_context=True)
def outreach_start(context):
    user = context["request"].user
    if not user.has_perm(FOLLOW_OUTREACH):
        return {"show": False}
    own, district_count = pages.start_page_overdue(
        user=user, now=timezone.now(), shown=START_PAGE_TASKS
    )
    return {"show": bool(own or district_count), "own": own, "district_count": district_count}
