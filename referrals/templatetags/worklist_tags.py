"""The caseworker's part of the start page: a way into a new contact, the open
drafts and the unread notices (the guidance app may not import referrals, so its
template asks here)."""

import uuid

from django import template

from anhorigstod.roles import WALK_GUIDED_PATH
from referrals.follow_up import selectors as follow_up_selectors
from referrals.intake import selectors as intake_selectors
from referrals.intake.forms.label import start_form

register = template.Library()

# The start page shows the few drafts last worked on; the worklist shows them all.
START_PAGE_DRAFTS = 5


@register.inclusion_tag("referrals/_start_page_worklist.html", takes_context=True)
def caseworker_start(context):
    request = context["request"]
    user = request.user
    if not user.has_perm(WALK_GUIDED_PATH):
        return {"show": False}
    return {
        "show": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "start_token": uuid.uuid4(),
        "start_form": start_form(request),
        "drafts": intake_selectors.worklist_drafts(user=user)[:START_PAGE_DRAFTS],
        "notifications": follow_up_selectors.unread_notifications(user=user),
    }
