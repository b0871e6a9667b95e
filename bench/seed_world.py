"""What the case seeding reads and shares: the seeded staff and guidance (the
world), the columns of each table, and each referral state's milestones."""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from anhorigstod import roles
from bench.seed_rows import (
    PREFIX,
    A,
    Status,
    _pick,
)
from guidance import models as g
from referrals.models import (
    Referral,
    StaffProfile,
)


@dataclass
class _World:
    """What the case data refers to, read once per ``seed_cases``."""

    caseworkers: list[tuple[int, int]]  # (user id, district id)
    receivers: dict[tuple[int, int | None], list[int]]  # (provider, district) -> consultants
    districts: dict[int, g.District]
    providers: dict[str, g.InternalProvider]
    routes: list[g.EntryRoute]
    group_ids: list[int]
    language_ids: list[int]
    services: list[int]

    @classmethod
    def read(cls) -> "_World":
        caseworkers = list(
            StaffProfile.objects.filter(
                user__username__startswith=PREFIX, user__groups__name=roles.CASEWORKER
            )
            .order_by("user_id")
            .values_list("user_id", "district_id")
        )
        if not caseworkers:
            raise RuntimeError("Seed staff before cases: no caseworkers found.")
        receivers: dict[tuple[int, int | None], list[int]] = defaultdict(list)
        for user_id, provider_id, district_id in StaffProfile.objects.filter(
            provider__isnull=False
        ).values_list("user_id", "provider_id", "district_id"):
            receivers[(provider_id, district_id)].append(user_id)
        return cls(
            caseworkers=caseworkers,
            receivers=receivers,
            districts={d.pk: d for d in g.District.objects.all()},
            providers={p.key: p for p in g.InternalProvider.objects.all()},
            routes=list(g.EntryRoute.objects.order_by("order", "key")),
            group_ids=list(g.TargetGroup.objects.order_by("pk").values_list("pk", flat=True)),
            language_ids=list(g.Language.objects.order_by("pk").values_list("pk", flat=True)),
            services=list(
                g.Service.objects.filter(status=g.Service.Status.ACTIVE)
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
        )


_CONTACT_COLUMNS = [
    "id", "reference", "source_draft", "created_by_id", "created_at", "path_version",
    "guidance_version", "contact_date", "district_id", "entry_route_id", "is_known_to_service",
    "person_caseworker_id", "pseudonym", "personal_identity_number",
    "personal_identity_number_reason", "relation", "age_group", "gender", "language_id",
    "interpreter_needed", "contact_channel", "contact_times", "contact_avoid",
    "children_in_household", "relative_is_child", "child_at_risk", "threatened",
    "police_report", "risk_analysis_requested", "needs", "practical_matters", "needs_note",
    "label", "relative_phone", "relative_email", "relative_address", "callback_code",
]  # fmt: skip


_REFERRAL_COLUMNS = [
    "id", "contact_id", "reference", "provider_id", "receiving_district_id", "service_id",
    "other_name", "other_contact", "status", "version", "created_at", "received_at",
    "received_by_id", "accepted_at", "accepted_by_id", "declined_at", "declined_by_id",
    "decline_reason", "forwarded_at", "forwarded_by_id", "forwarded_to_id",
    "first_talk_booked_at", "first_talk_booked_by_id", "first_talk_on", "in_progress_at",
    "in_progress_by_id", "closed_at", "closed_by_id", "outcome", "external_outcome",
    "external_outcome_at", "external_outcome_by_id",
]  # fmt: skip


_SESSION_COLUMNS = [
    "referral_id", "held_on", "form", "attended", "minutes", "ors_score", "note", "concerns",
    "created_by_id", "created_at",
]  # fmt: skip


_AUDIT_COLUMNS = ["at", "actor_id", "action", "contact_reference", "referral_reference", "details"]


_MILESTONE_ACTIONS = [
    ("received", A.REFERRAL_RECEIVED),
    ("accepted", A.REFERRAL_ACCEPTED),
    ("declined", A.REFERRAL_DECLINED),
    ("forwarded", A.REFERRAL_FORWARDED),
    ("first_talk_booked", A.FIRST_TALK_BOOKED),
    ("in_progress", A.REFERRAL_IN_PROGRESS),
    ("closed", A.REFERRAL_CLOSED),
]


_TELL_CASEWORKER = {"accepted", "declined", "forwarded", "closed"}


def _status_for(age_days: float, rng: random.Random) -> str:
    if age_days < 14:
        weights = {"sent": 35, "received": 25, "accepted": 15, "first_talk_booked": 12,
                   "declined": 5, "in_progress": 8}  # fmt: skip
    elif age_days < 90:
        weights = {"sent": 2, "received": 5, "accepted": 10, "first_talk_booked": 13,
                   "in_progress": 45, "declined": 10, "closed": 15}  # fmt: skip
    else:
        weights = {"accepted": 2, "in_progress": 15, "declined": 10, "closed": 73}
    return _pick(rng, weights)


def _milestones(ref: dict, status: str, now: datetime, rng: random.Random, by) -> None:
    """Stamp the milestones a referral in ``status`` has passed, in order, before now."""

    def after(moment: datetime, low: float, high: float) -> datetime:
        return min(moment + timedelta(days=rng.uniform(low, high)), now - timedelta(minutes=5))

    ref["status"] = status
    if status == Status.SENT:
        return
    moment = ref["received_at"] = after(ref["created_at"], 0.05, 3)
    ref["received_by_id"] = by()
    if status == Status.DECLINED:
        ref["declined_at"], ref["declined_by_id"] = after(moment, 0, 5), by()
        ref["decline_reason"] = rng.choice(Referral.DeclineReason.values)
        return
    if status == Status.RECEIVED:
        return
    moment = ref["accepted_at"] = after(moment, 0, 4)
    ref["accepted_by_id"] = by()
    if status == Status.ACCEPTED:
        return
    moment = ref["first_talk_booked_at"] = after(moment, 0, 3)
    ref["first_talk_booked_by_id"] = by()
    talk = timezone.localdate(moment) + timedelta(days=rng.randrange(2, 15))
    if status != Status.FIRST_TALK_BOOKED:
        talk = min(talk, timezone.localdate(now))
    ref["first_talk_on"] = talk
    if status == Status.FIRST_TALK_BOOKED:
        return
    start = timezone.make_aware(datetime.combine(talk, datetime.min.time())) + timedelta(hours=10)
    moment = ref["in_progress_at"] = min(max(start, moment), now - timedelta(minutes=5))
    ref["in_progress_by_id"] = by()
    if status == Status.CLOSED:
        ref["closed_at"], ref["closed_by_id"] = after(moment, 14, 180), by()
        ref["outcome"] = rng.choice(Referral.Outcome.values)
