"""The guided path's writes: drafts saved step by step, and the submit that
turns a draft into a contact with its consents and referrals, in one
transaction."""

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from audit import trail
from audit.models import AuditEvent
from guidance.models import District, InternalProvider, Service
from guidance.selectors import guidance_version
from referrals.follow_up import reach
from referrals.follow_up.services import notify, receivers_of
from referrals.intake import journey, navigation, summary
from referrals.intake.step import Step
from referrals.intake.suggestions import parse_internal_choice
from referrals.models import (
    ChildConcernReport,
    Consent,
    Contact,
    DisclosureDecision,
    Draft,
    Notification,
    OutreachPlan,
    Referral,
)
from referrals.outreach import reach_services


class StaleDraft(Exception):
    """Another tab saved the draft after this page was loaded."""


class IncompleteDraft(Exception):
    """A step is unanswered; the path cannot be submitted yet."""


def start_draft(
    *,
    owner: User,
    start_token: uuid.UUID,
    label: str = "",
    outreach_plan: OutreachPlan | None = None,
    answers: dict[str, dict[str, object]] | None = None,
) -> Draft:
    """Start a path; the same token (a double click, a resent form) gives the same draft.

    A draft started from an incident's ``outreach_plan`` opens with the situation
    the incident gives as ``answers`` (``referrals.outreach.reach_services``), and
    submitting it links the contact to the plan.
    """
    draft, _created = Draft.objects.get_or_create(
        start_token=start_token,
        defaults={
            "owner": owner,
            "path_version": journey.PATH_VERSION,
            "label": label,
            "outreach_plan": outreach_plan,
            "answers": answers or {},
        },
    )
    return draft


def set_draft_label(*, draft: Draft, label: str) -> Draft:
    """Change the worklist label (the caseworker's own initials or code)."""
    Draft.objects.filter(pk=draft.pk).update(label=label, updated_at=timezone.now())
    draft.refresh_from_db()
    return draft


@transaction.atomic
def save_step(
    *, draft: Draft, step: Step, raw: Mapping[str, object], revision: int
) -> tuple[Draft, journey.Answers]:
    """Store one step's answers, unless the draft changed since ``revision`` was read.

    The answers come back checked, and the draft records the step to do next, so the
    worklist can show it without checking every answer of every draft again."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if locked.revision != revision:
        raise StaleDraft()
    locked.answers = {**locked.answers, step.slug: raw}
    answers = journey.Answers(locked.answers)
    following = navigation.first_unanswered(answers)
    locked.next_step = following.slug if following else ""
    locked.revision += 1
    locked.save(update_fields=["answers", "revision", "next_step", "updated_at"])
    return locked, answers


def view_check_page(
    *, draft: Draft, user: User, answers: journey.Answers
) -> list[tuple[Step, list[summary.AnswerLine]]]:
    """The check-your-answers summary, recorded as seen: it shows everything the
    caseworker typed about the relative on one page."""
    trail.record(
        actor=user,
        action=AuditEvent.Action.DRAFT_CHECK_VIEWED,
        details={"draft": str(draft.pk)},
    )
    return summary.describe(answers)


@transaction.atomic
def delete_draft(*, draft: Draft, actor: User) -> None:
    trail.record(actor=actor, action=AuditEvent.Action.DRAFT_DELETED)
    draft.delete()


def submit_draft(*, draft: Draft, user: User) -> Contact:
    """Create the contact and everything it holds, or nothing.

    Submitting twice (a double click, a second tab) returns the contact the
    first submit created.
    """
    try:
        with transaction.atomic():
            return _submit(draft=draft, user=user)
    except IntegrityError:
        # A concurrent submit of the same draft won the race.
        return Contact.objects.get(source_draft=draft.pk)


def _submit(*, draft: Draft, user: User) -> Contact:
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if locked.contact is not None:
        return locked.contact
    answers = journey.Answers(locked.answers)
    states = navigation.progress(answers, user)
    for state in states:
        if state.blocked_by:
            raise state.blocked_by
    if not navigation.is_complete(states):
        raise IncompleteDraft()
    for step in navigation.steps_for(answers):  # defence in depth: every checkpoint once more
        if step.guard:
            step.guard(answers, user)

    values = _with_callback_code(_contact_values(answers))
    contact = Contact.objects.create(
        reference=f"tmp-{locked.pk.hex[:16]}",
        source_draft=locked.pk,
        created_by=user,
        path_version=locked.path_version,
        guidance_version=guidance_version(),
        label=locked.label,
        **values,
    )
    contact.reference = f"AS-{timezone.localdate():%Y}-{contact.pk:06d}"
    contact.save(update_fields=["reference"])
    contact.target_groups.set(_answered(answers, "first-contact")["target_groups"])

    consent = _answered(answers, "consent")
    if consent.get("consent_given"):
        Consent.objects.create(
            contact=contact,
            purpose=Consent.Purpose.CONTACT_RELATIVE,
            given_by=consent["given_by"],
            scope=consent["scope"],
            given_on=consent["given_on"],
            method=consent["method"],
            recorded_by=user,
        )
    _record_disclosure(contact=contact, decision=_answered(answers, "confidentiality"), user=user)
    children = _answered(answers, "children")
    if children.get("child_at_risk"):
        ChildConcernReport.objects.create(
            contact=contact,
            made_on=children["report_made_on"],
            made_to=children["report_made_to"],
            recorded_by=user,
        )
    _create_referrals(contact=contact, chosen=_answered(answers, "referral"))
    _tell_receivers_and_outreach(contact=contact, draft=locked, user=user)

    locked.contact = contact
    locked.answers = {}  # the contact holds the data now; keep no second copy
    locked.save(update_fields=["contact", "answers", "updated_at"])
    trail.record(
        actor=user,
        action=AuditEvent.Action.CONTACT_SUBMITTED,
        contact=contact,
        details={"referrals": [r.reference for r in contact.referrals.all()]},
    )
    return contact


def _tell_receivers_and_outreach(*, contact: Contact, draft: Draft, user: User) -> None:
    """Notify the receivers of the new referrals and, for a contact started from an
    incident's plan, count the relative as reached (``referrals.outreach``)."""
    for referral in contact.referrals.filter(provider__isnull=False):
        notify(
            recipients=receivers_of(referral=referral),
            referral=referral,
            kind=Notification.Kind.NEW_REFERRAL,
        )
    if draft.outreach_plan is not None:
        reach_services.record_contact_reached(plan=draft.outreach_plan, contact=contact, user=user)


def _answered(answers: journey.Answers, slug: str) -> dict[str, Any]:
    """A step's cleaned answers, which submit has made sure exist; nothing for a
    step the situation does not call for."""
    if not journey.STEP_BY_SLUG[slug].applies(answers):
        return {}
    cleaned = answers.step(slug)
    if cleaned is None:
        raise IncompleteDraft()
    return cleaned


def _contact_values(answers: journey.Answers) -> dict[str, Any]:
    """The contact's fields, each step filling its own (``Step.contact_fields``)."""
    values: dict[str, Any] = {}
    for step in navigation.steps_for(answers):
        values |= step.contact_values(_answered(answers, step.slug))
    return values


def _with_callback_code(values: dict[str, Any]) -> dict[str, Any]:
    """A relative nobody can reach gets a call-back code (``follow_up.reach``)."""
    if reach.needs_callback_code(values):
        return {**values, "callback_code": reach.new_callback_code(taken=reach.code_taken)}
    return values


def _record_disclosure(*, contact: Contact, decision: Mapping[str, Any], user: User) -> None:
    shares = decision["decision"] == "share"
    DisclosureDecision.objects.create(
        contact=contact,
        nothing_shared=not shares,
        ground=decision["ground"] if shares else "",
        ground_detail=decision["ground_detail"] if shares else "",
        scope=decision["scope"] if shares else "",
    )
    if shares and decision["ground"] == DisclosureDecision.Ground.PERSON_CONSENT:
        Consent.objects.create(
            contact=contact,
            purpose=Consent.Purpose.SHARE_WITH_RELATIVE,
            given_by=gettext("Den närstående"),
            scope=decision["scope"],
            given_on=decision["consent_given_on"],
            method=decision["consent_method"],
            recorded_by=user,
        )


def _create_referrals(*, contact: Contact, chosen: Mapping[str, Any]) -> None:
    """The chosen destinations as referrals; none when the contact ended with
    advice and information only (``Contact.information_given`` holds what)."""
    if chosen.get("information_only"):
        return
    destinations: list[dict[str, Any]] = []
    for value in chosen["internal"]:
        provider_key, district_key = parse_internal_choice(value)
        provider = InternalProvider.objects.get(key=provider_key)
        district = District.objects.get(key=district_key) if district_key else None
        destinations.append({"provider": provider, "receiving_district": district})
    for key in chosen["external"]:
        destinations.append({"service": Service.objects.get(key=key)})
    if chosen["other_name"]:
        destinations.append(
            {"other_name": chosen["other_name"], "other_contact": chosen["other_contact"]}
        )
    for number, destination in enumerate(destinations, start=1):
        Referral.objects.create(
            contact=contact, reference=f"{contact.reference}-{number}", **destination
        )


def purge_expired_drafts(*, now: datetime | None = None) -> int:
    """Delete drafts untouched for DRAFT_RETENTION_DAYS, so forgotten answers do not linger.

    Submitted drafts hold no answers (the contact does) and go the same way.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DRAFT_RETENTION_DAYS)
    expired = Draft.objects.filter(updated_at__lt=cutoff)
    with transaction.atomic():
        count, _by_model = expired.delete()
        if count:
            trail.record(
                actor=None,
                action=AuditEvent.Action.DRAFTS_PURGED,
                details={"count": count, "older_than_days": settings.DRAFT_RETENTION_DAYS},
            )
    return count


def record_handout_printed(*, contact: Contact, actor: User, via: str, language: str) -> None:
    """The handout was shown for printing in ``language``: that is now the relative's
    language on the contact, and the print is in the audit trail with it."""
    if contact.handout_language != language:
        Contact.objects.filter(pk=contact.pk).update(handout_language=language)
        contact.handout_language = language
    trail.record(
        actor=actor,
        action=AuditEvent.Action.HANDOUT_PRINTED,
        contact=contact,
        details={"via": via, "language": language},
    )
