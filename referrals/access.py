"""Who may see which contact and referral: the one place object access is decided.

Each ``access_*`` function returns the object or raises ``Http404``: the same
answer for a reference that does not exist and one the user may not see, so
a reference number reveals nothing. Every refusal is an audit event naming the
reference asked for, so probing for other districts' cases shows in the trail.

- A caseworker sees the contacts they created and those contacts' referrals.
- A relative support consultant sees the referrals sent to their unit in their
  district (``StaffProfile``), including ones later forwarded from there.
- An administrator manages users and the directory but reads no case notes.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import Http404

from anhorigstod.roles import RECEIVE_REFERRALS, WALK_GUIDED_PATH
from audit import trail
from audit.models import AuditEvent
from referrals.models import Contact, Referral, StaffProfile

AnyUser = User | AnonymousUser


def _refuse(user: AnyUser, *, kind: str, reference: str) -> Http404:
    """Record the refusal (for a missing reference as for a forbidden one) and
    return the 404 to raise."""
    trail.record(
        actor=user,
        action=AuditEvent.Action.ACCESS_REFUSED,
        details={"kind": kind},
        contact_reference=reference if kind == "contact" else "",
        referral_reference="" if kind == "contact" else reference,
    )
    return Http404()


def profile_of(user: AnyUser) -> StaffProfile | None:
    try:
        profile: StaffProfile = user.staff_profile  # type: ignore[union-attr]
        return profile
    except StaffProfile.DoesNotExist:
        return None


def received_referrals(user: AnyUser) -> QuerySet[Referral]:
    """Referrals sent to the user's unit and district; none without a profile."""
    profile = profile_of(user)
    if not user.has_perm(RECEIVE_REFERRALS) or profile is None or profile.provider_id is None:
        return Referral.objects.none()
    # By id: the unit and district rows themselves are not needed to filter.
    district = (
        Q(receiving_district_id=profile.district_id)
        if profile.district_id
        else Q(receiving_district__isnull=True)
    )
    return Referral.objects.filter(district, provider_id=profile.provider_id)


def access_referral(
    user: AnyUser,
    reference: str,
    *,
    select_related: tuple[str, ...] = (),
    prefetch_related: tuple[str, ...] = (),
) -> Referral:
    """The referral if the user may see it; ``select_related`` and ``prefetch_related``
    fetch its relations in the same query that checks access."""
    referral = (
        received_referrals(user)
        .select_related(*select_related)
        .prefetch_related(*prefetch_related)
        .filter(reference=reference)
        .first()
    )
    if referral is None:
        raise _refuse(user, kind="received_referral", reference=reference)
    return referral


def own_contacts(user: AnyUser) -> QuerySet[Contact]:
    if not isinstance(user, User) or not user.has_perm(WALK_GUIDED_PATH):
        return Contact.objects.none()
    return Contact.objects.filter(created_by=user)


def access_contact(
    user: AnyUser,
    reference: str,
    *,
    select_related: tuple[str, ...] = (),
    prefetch_related: tuple[str, ...] = (),
) -> Contact:
    contact = (
        own_contacts(user)
        .select_related(*select_related)
        .prefetch_related(*prefetch_related)
        .filter(reference=reference)
        .first()
    )
    if contact is None:
        raise _refuse(user, kind="contact", reference=reference)
    return contact


def access_sent_referral(user: AnyUser, reference: str) -> Referral:
    """A referral from one of the caseworker's own contacts."""
    referral = Referral.objects.filter(reference=reference, contact__in=own_contacts(user)).first()
    if referral is None:
        raise _refuse(user, kind="sent_referral", reference=reference)
    return referral
