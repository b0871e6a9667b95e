"""What the seeded staff bring to the pages issue 14 added, for the benchmark's
visitors (``bench.load``) and the query-growth test: a consultant's referrals whose
relative can be reached, and a caseworker's own contacts with their labels."""

from django.db.models import QuerySet

from referrals import access
from referrals.models import Consent, Contact, Referral


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
