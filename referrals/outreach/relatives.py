"""The relatives reached after an incident, as the incident page and the contact
page show them: counts per district and in total, the list of outcomes with a link
to the contact only for the contact's own caseworker, and the forms to start a
contact or record an outcome. A fixed number of queries however many relatives.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from anhorigstod.roles import WALK_GUIDED_PATH
from referrals import access
from referrals.models import Contact
from referrals.outreach import selectors
from referrals.outreach.models import Incident, RelativeReached
from referrals.outreach.reach_forms import WHEN_FORMAT, ReachedForm, StartContactForm


@dataclass(frozen=True)
class ReachedRow:
    """One relative reached as the page lists it. ``contact_reference`` is empty
    unless the viewer may open the contact; ``has_contact`` says only that one exists."""

    pk: int
    plan_id: int
    outcome: str
    outcome_label: str
    reached_at: datetime
    district: str
    has_contact: bool
    contact_reference: str
    may_change: bool


def reached_rows(*, user: User, incident: Incident, changeable: set[int]) -> list[ReachedRow]:
    """Every relative reached on ``incident`` (two queries); ``changeable`` are the
    plans whose outcomes the user may change."""
    reached = list(
        RelativeReached.objects.filter(plan__incident=incident)
        .select_related("plan__district", "contact")
        # The contact's reference only: the rest of the contact is not shown here.
        .only("outcome", "reached_at", "plan__district__name", "contact__reference")
        .order_by("reached_at", "pk")
    )
    visible = access.visible_contact_ids(user, {r.contact_id for r in reached if r.contact_id})
    return [
        ReachedRow(
            pk=r.pk,
            plan_id=r.plan_id,
            outcome=r.outcome,
            outcome_label=str(r.get_outcome_display()),
            reached_at=r.reached_at,
            district=r.plan.district.name,
            has_contact=r.contact_id is not None,
            contact_reference=r.contact.reference
            if r.contact is not None and r.contact_id in visible
            else "",
            may_change=r.plan_id in changeable,
        )
        for r in reached
    ]


def page_context(*, user: User, incident: Incident, now: datetime) -> dict:
    """What the incident page's section on relatives reached needs, and each district's
    progress (``reach_progress``), whose counts of relatives are taken from the rows
    listed here rather than counted again.

    ``listed_contacts`` are the contact references the section shows (only the
    viewer's own contacts): the page's audit event names them.
    """
    # Read once: which outcomes the user may change, and the form's choice of plans.
    reach_plans = list(
        access.reach_plans(user, incident)
        .select_related("district")
        .only("district__name")
        .order_by("district__name")
    )
    changeable = {plan.pk for plan in reach_plans}
    rows = reached_rows(user=user, incident=incident, changeable=changeable)
    progress = selectors.plan_progress(
        incident_id=incident.pk, now=now, reached=[(row.plan_id, row.outcome) for row in rows]
    )
    token = uuid.uuid4()
    context: dict = {
        "reach_progress": progress,
        "reach_total": selectors.total_reached(progress),
        "reached_rows": rows,
        "listed_contacts": [row.contact_reference for row in rows if row.contact_reference],
        "start_contact_form": None,
        "reached_form": None,
        "outcome_choices": RelativeReached.Outcome.choices,
    }
    if user.has_perm(WALK_GUIDED_PATH):
        context["start_contact_form"] = StartContactForm(
            plans=incident.plans.all(), initial={"start_token": token}, auto_id="start_%s"
        )
    if changeable:
        context["reached_form"] = ReachedForm(
            plans=access.reach_plans(user, incident),
            listed=reach_plans,
            incident=incident,
            auto_id="reached_%s",
            initial={
                "start_token": token,
                "reached_at": timezone.localtime(now).strftime(WHEN_FORMAT),
                "plan": reach_plans[0].pk if len(reach_plans) == 1 else None,
            },
        )
    return context


def contact_incident(*, user: User | AnonymousUser, contact: Contact) -> dict:
    """For the contact page: the incident the contact was started from, and whether
    the viewer may open the incident's page."""
    reached = (
        RelativeReached.objects.filter(contact=contact).select_related("plan__incident").first()
    )
    if reached is None:
        return {"outreach_incident": None, "outreach_incident_visible": False}
    incident = reached.plan.incident
    return {
        "outreach_incident": incident,
        "outreach_incident_visible": access.visible_incidents(user).filter(pk=incident.pk).exists(),
    }
