"""Who may see which contact and referral: the one place object access is decided.

Each ``access_*`` function returns the object or raises ``Http404``: the same
answer for a reference that does not exist and one the user may not see, so
a reference number reveals nothing. Every refusal is an audit event naming the
reference asked for, so probing for other districts' cases shows in the trail.

- A caseworker sees the contacts they created and those contacts' referrals.
- A relative support consultant sees the referrals sent to their unit in their
  district (``StaffProfile``), including ones later forwarded from there.
- An administrator manages users and the directory but reads no case notes.
- Outreach after a serious incident: staff who follow outreach (caseworkers,
  consultants, managers) see the incidents that happened in or concern their
  district (``StaffProfile``) or a district that names them as registrar
  (``IncidentRegistrar``), and the tasks of those districts' plans; anyone sees a
  task they own. Who may register an incident for which district is decided here too.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from anhorigstod.roles import (
    FOLLOW_OUTREACH,
    RECEIVE_REFERRALS,
    REGISTER_INCIDENT,
    WALK_GUIDED_PATH,
)
from audit import trail
from audit.models import AuditEvent
from guidance.models import District
from referrals.models import (
    Contact,
    Incident,
    IncidentRegistrar,
    OutreachPlan,
    OutreachTask,
    Referral,
    RelativeReached,
    StaffProfile,
)

AnyUser = User | AnonymousUser


def _refuse(user: AnyUser, *, kind: str, reference: str) -> Http404:
    """Record the refusal (for a missing reference as for a forbidden one) and
    return the 404 to raise."""
    trail.record(
        actor=user,
        action=AuditEvent.Action.ACCESS_REFUSED,
        details={"kind": kind},
        contact_reference=reference if kind == "contact" else "",
        referral_reference=reference if kind.endswith("referral") else "",
        incident_reference=reference if kind in {"incident", "task"} else "",
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
    defer: tuple[str, ...] = (),
) -> Referral:
    """The referral if the user may see it; ``select_related`` and ``prefetch_related``
    fetch its relations in the same query that checks access, of which ``defer`` names
    the columns not needed."""
    referral = (
        received_referrals(user)
        .select_related(*select_related)
        .defer(*defer)
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
    contacts = own_contacts(user).prefetch_related(*prefetch_related)
    if select_related:
        # With no names, select_related() would join every non-null relation.
        contacts = contacts.select_related(*select_related)
    contact = contacts.filter(reference=reference).first()
    if contact is None:
        raise _refuse(user, kind="contact", reference=reference)
    return contact


def access_sent_referral(user: AnyUser, reference: str) -> Referral:
    """A referral from one of the caseworker's own contacts."""
    referral = Referral.objects.filter(reference=reference, contact__in=own_contacts(user)).first()
    if referral is None:
        raise _refuse(user, kind="sent_referral", reference=reference)
    return referral


# --- Outreach after a serious incident -------------------------------------------------


def outreach_districts(user: AnyUser) -> frozenset[int]:
    """The districts whose incidents and plans the user follows: their workplace's
    and those that name them as registrar.

    Kept on the user object, as Django keeps its permissions there: a page asks
    several times (the list, the access check, the tasks), and ``request.user`` is
    loaded afresh for every request."""
    if not isinstance(user, User) or not user.has_perm(FOLLOW_OUTREACH):
        return frozenset()
    if not hasattr(user, "_outreach_districts"):
        districts = set(
            IncidentRegistrar.objects.filter(user=user).values_list("district_id", flat=True)
        )
        profile = profile_of(user)
        if profile is not None and profile.district_id is not None:
            districts.add(profile.district_id)
        user._outreach_districts = frozenset(districts)  # type: ignore[attr-defined]
    kept: frozenset[int] = user._outreach_districts  # type: ignore[attr-defined]
    return kept


def visible_incidents(user: AnyUser) -> QuerySet[Incident]:
    """Incidents that happened in or concern one of the user's districts, those they
    registered and those where they own a task; none once anonymised."""
    if not isinstance(user, User) or not user.has_perm(FOLLOW_OUTREACH):
        return Incident.objects.none()
    districts = outreach_districts(user)
    concerned = OutreachPlan.objects.filter(incident=OuterRef("pk"), district_id__in=districts)
    owns_task = OutreachTask.objects.filter(plan__incident=OuterRef("pk"), owner=user)
    return Incident.objects.filter(
        Q(district_id__in=districts)
        | Q(registered_by=user)
        | Exists(concerned)
        | Exists(owns_task),
        anonymised_at__isnull=True,
    )


def access_incident(
    user: AnyUser,
    reference: str,
    *,
    select_related: tuple[str, ...] = (),
    prefetch_related: tuple[str, ...] = (),
    defer: tuple[str, ...] = (),
) -> Incident:
    """The incident if the user may see it; ``select_related`` fetches its relations in
    the same query, of which ``defer`` names the columns not needed."""
    incidents = visible_incidents(user).prefetch_related(*prefetch_related)
    if select_related:
        incidents = incidents.select_related(*select_related).defer(*defer)
    incident = incidents.filter(reference=reference).first()
    if incident is None:
        raise _refuse(user, kind="incident", reference=reference)
    return incident


def followed_tasks(user: AnyUser) -> QuerySet[OutreachTask]:
    """Tasks of the user's districts' plans, and tasks the user owns, of incidents
    not yet anonymised."""
    if not isinstance(user, User) or not user.has_perm(FOLLOW_OUTREACH):
        return OutreachTask.objects.none()
    return OutreachTask.objects.filter(
        Q(plan__district_id__in=outreach_districts(user)) | Q(owner=user),
        plan__incident__anonymised_at__isnull=True,
    )


def access_task(user: AnyUser, incident: Incident, pk: int) -> OutreachTask:
    """A task of ``incident`` the user may change: one of their district's or their own."""
    task = followed_tasks(user).filter(plan__incident=incident, pk=pk).first()
    if task is None:
        raise _refuse(user, kind="task", reference=incident.reference)
    return task


def registrable_districts(user: AnyUser) -> QuerySet[District]:
    """The districts the user may register an incident for."""
    if not isinstance(user, User) or not user.has_perm(REGISTER_INCIDENT):
        return District.objects.none()
    return District.objects.filter(pk__in=outreach_districts(user))


def may_register(user: AnyUser, districts: list[District]) -> bool:
    """Whether the user may register an incident that happened in or concerns
    ``districts``: at least one of them must be theirs."""
    return registrable_districts(user).filter(pk__in=[d.pk for d in districts]).exists()


def visible_contact_ids(user: AnyUser, contact_ids: set[int]) -> set[int]:
    """Of the contacts linked to an incident, those the user may open: a contact is
    linked only for the caseworker who made it."""
    if not contact_ids:
        return set()
    return set(own_contacts(user).filter(pk__in=contact_ids).values_list("pk", flat=True))


def reach_plans(user: AnyUser, incident: Incident) -> QuerySet[OutreachPlan]:
    """The plans of ``incident`` for which the user may record relatives reached:
    their districts' plans and plans where they own a task."""
    if not isinstance(user, User) or not user.has_perm(FOLLOW_OUTREACH):
        return OutreachPlan.objects.none()
    owns_task = OutreachTask.objects.filter(plan=OuterRef("pk"), owner=user)
    return OutreachPlan.objects.filter(
        Q(district_id__in=outreach_districts(user)) | Exists(owns_task), incident=incident
    )


def access_relative_reached(user: AnyUser, incident: Incident, pk: int) -> RelativeReached:
    """A relative reached in one of the user's ``reach_plans`` of ``incident``."""
    reached = (
        RelativeReached.objects.filter(plan__in=reach_plans(user, incident), pk=pk)
        .select_related("plan__district")
        .first()
    )
    if reached is None:
        raise _refuse(user, kind="incident", reference=incident.reference)
    return reached


def access_reach_plans(user: AnyUser, incident: Incident) -> QuerySet[OutreachPlan]:
    """``reach_plans``, refused like a missing incident when there are none."""
    plans = reach_plans(user, incident)
    if not plans.exists():
        raise _refuse(user, kind="incident", reference=incident.reference)
    return plans
