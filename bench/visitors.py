"""What the seeded staff bring to the pages issues 14 and 16 added, for the benchmark's
visitors (``bench.load``) and the query-growth test: a consultant's referrals whose
relative can be reached, a caseworker's own contacts with their labels, and the open
incidents someone follows with the tasks they own."""

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from referrals import access
from referrals.models import Consent, Contact, Referral
from referrals.outreach.models import Incident, OutreachPlan, OutreachTask


def reach_referrals(user) -> QuerySet[Referral]:
    """Referrals received by ``user`` whose contact can be reached (a phone number and
    a consent to contact that holds), with children in the household and a threat."""
    return (
        access.received_referrals(user)
        .filter(
            contact__threatened=True,
            contact__children_in_household=True,
            contact__consents__purpose=Consent.Purpose.CONTACT_RELATIVE,
            contact__consents__withdrawn_on__isnull=True,
        )
        .exclude(contact__relative_phone="")
        .distinct()
    )


def own_contacts(user) -> QuerySet[Contact]:
    """The caseworker's own contacts of an adult relative that carry a label, newest
    first (the handout's and the worklist's)."""
    return (
        Contact.objects.filter(created_by=user, relative_is_child=False, anonymised_at=None)
        .exclude(label="")
        .order_by("-created_at")
    )


def followed_incidents(user) -> QuerySet[Incident]:
    """Open incidents the user may see with a plan of one of their districts (so its
    tasks and forms are on the page), the one with most tasks in all its plans first."""
    mine = OutreachPlan.objects.filter(
        incident=OuterRef("pk"), district_id__in=access.outreach_districts(user)
    )
    return (
        access.visible_incidents(user)
        .filter(Exists(mine), status=Incident.Status.OPEN)
        .annotate(tasks=Count("plans__tasks", distinct=True))
        .order_by("-tasks", "reference")
    )


def overdue_tasks(user) -> QuerySet[OutreachTask]:
    """Open tasks the user owns that are past their due time."""
    return OutreachTask.objects.filter(
        owner=user,
        status=OutreachTask.Status.OPEN,
        due_at__lt=timezone.now(),
        plan__incident__anonymised_at=None,
    )
