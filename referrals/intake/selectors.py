"""Reads of the guided path: the caseworker's drafts and contacts (access in
``referrals.access``), and the worklist that lists them."""

import uuid
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import DateTimeField, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404

from guidance.models import TargetGroup
from referrals import access
from referrals.follow_up import selectors as follow_up_selectors
from referrals.follow_up.models import DESTINATION_FIELDS, DESTINATION_RELATIONS
from referrals.intake import journey, navigation
from referrals.models import Contact, Draft, Referral


def own_draft(*, user: User, pk: uuid.UUID | str) -> Draft:
    return get_object_or_404(Draft, pk=pk, owner=user)


def open_drafts(*, user: User, query: str = "") -> QuerySet[Draft]:
    """The caseworker's unsubmitted drafts, the last worked on first; ``query``
    narrows them to those whose label contains it."""
    drafts = Draft.objects.filter(owner=user, contact__isnull=True)
    if query:
        drafts = drafts.filter(label__icontains=query)
    return drafts.order_by("-updated_at")


# --- The worklist --------------------------------------------------------------

# A caseworker's drafts are few (they are purged after DRAFT_RETENTION_DAYS); the
# list shows at most this many, so the page's work stays bounded.
DRAFTS_SHOWN = 20
CONTACTS_SHOWN = 50
# External referrals waiting for their outcome: the oldest this many, and how many
# there are in all; the next show as outcomes are recorded.
EXTERNAL_SHOWN = 10

# The referral milestones whose latest is the contact's last activity.
MILESTONES = (
    "received_at",
    "accepted_at",
    "declined_at",
    "forwarded_at",
    "first_talk_booked_at",
    "in_progress_at",
    "closed_at",
    "external_outcome_at",
    "withdrawn_at",
)


@dataclass(frozen=True)
class DraftRow:
    """A draft as the worklist shows it."""

    draft: Draft
    target_groups: list[str]
    next_step: str  # the title of the step to do next ("" when all are done)


def _target_group_keys(raw: dict[str, object]) -> list[str]:
    """The target groups a draft's answers name, whichever step asked for them."""
    keys: list[str] = []
    for answers in raw.values():
        if isinstance(answers, dict) and isinstance(answers.get("target_groups"), list):
            keys += [str(key) for key in answers["target_groups"]]
    return keys


def _next_step(draft: Draft) -> str:
    """The title of the step to do next, as recorded when a step was last saved.

    Checking a draft's answers runs every answered step's form (the referral step's
    with its suggestions): about 15 ms a draft, for up to ``DRAFTS_SHOWN`` drafts on
    every view of the start page. A draft never saved, or whose recorded step the
    path no longer has, is checked here instead."""
    recorded = journey.STEP_BY_SLUG.get(draft.next_step or "")
    if recorded is not None:
        return str(recorded.title)
    if draft.next_step == "":
        return ""
    step = navigation.first_unanswered(journey.Answers(draft.answers))
    return str(step.title) if step else ""


def worklist_drafts(*, user: User, query: str = "") -> list[DraftRow]:
    drafts = list(open_drafts(user=user, query=query)[:DRAFTS_SHOWN])
    keys = {key for draft in drafts for key in _target_group_keys(draft.answers)}
    names = dict(TargetGroup.objects.filter(key__in=keys).values_list("key", "short_name"))
    return [
        DraftRow(
            draft=draft,
            target_groups=[names[k] for k in _target_group_keys(draft.answers) if k in names],
            next_step=_next_step(draft),
        )
        for draft in drafts
    ]


def my_contacts(*, user: User, query: str = "") -> QuerySet[Contact]:
    """The caseworker's contacts, the one with the latest activity (registered, or a
    referral's latest milestone) first; ``query`` matches the label or the reference."""
    # Each referral's latest milestone (registration if it has none), then the
    # latest of those: one aggregate, not one per milestone.
    milestones = [
        Coalesce(f"referrals__{name}", "created_at", output_field=DateTimeField())
        for name in MILESTONES
    ]
    contacts = access.own_contacts(user)
    if query:
        contacts = contacts.filter(Q(label__icontains=query) | Q(reference__icontains=query))
    return (
        contacts.annotate(last_activity=Max(Greatest("created_at", *milestones)))
        # A row shows these and the relations below. Every column of the contact (about
        # fifty, personal data among them) made each grouped row 3 KB to sort and load.
        .only("reference", "label", "created_at")
        .prefetch_related(
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related(*DESTINATION_RELATIONS).only(
                    "contact", "status", *DESTINATION_FIELDS
                ),
            ),
            "target_groups",
        )
        .order_by("-last_activity", "-pk")
    )


@dataclass(frozen=True)
class ExternalOpen:
    """The oldest external referrals without an outcome, and how many there are."""

    shown: list[Referral]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


def external_open(*, user: User) -> ExternalOpen:
    """The caseworker's external referrals without a known outcome, the oldest first,
    at most ``EXTERNAL_SHOWN``, and how many there are (two queries, however many).

    The ids of all come first, then the few shown in full: asked for with a limit in
    one query, PostgreSQL walked every referral in the city by date to find the
    caseworker's few (5 times as long as reading all their ids at a tenth of the city)."""
    pks = list(follow_up_selectors.external_without_outcome(user=user).values_list("pk", flat=True))
    first = pks[:EXTERNAL_SHOWN]
    # With none, ask for id 0 (no row has it): the page makes the same queries either way.
    rows = (
        Referral.objects.filter(pk__in=first or [0])
        .select_related("contact", *DESTINATION_RELATIONS)
        .only("reference", "contact__reference", *DESTINATION_FIELDS)
    )
    by_pk = {row.pk: row for row in rows}
    return ExternalOpen(shown=[by_pk[pk] for pk in first if pk in by_pk], total=len(pks))


def own_contact(*, user: User, reference: str) -> Contact:
    return access.access_contact(
        user,
        reference,
        select_related=(
            "district",
            "entry_route",
            "language",
            "person_caseworker",
            "disclosure",
            "child_concern_report",
        ),
        prefetch_related=(
            "target_groups",
            "consents",
            "referrals__provider",
            "referrals__receiving_district",
            "referrals__service__organisation",
            "referrals__sessions__created_by",
        ),
    )
