"""The benchmark's case data: contacts, referrals in every state with their
milestones, sessions, notifications and the audit trail, generated in chunks."""

import random
from collections import defaultdict
from collections.abc import Callable

from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditEvent
from bench.seed_generate import _generate_chunk
from bench.seed_rows import (
    CHUNK,
    Sizes,
    _next_id,
    _reset_sequences,
    write,
)
from bench.seed_world import (
    _AUDIT_COLUMNS,
    _CONTACT_COLUMNS,
    _REFERRAL_COLUMNS,
    _SESSION_COLUMNS,
    _World,
)
from referrals.models import (
    ChildConcernReport,
    Consent,
    Contact,
    DisclosureDecision,
    Draft,
    Notification,
    Referral,
    SupportSession,
)


def seed_cases(sizes: Sizes, rng: random.Random, log: Callable[[str], None]) -> dict[str, int]:
    """Contacts, referrals, sessions, notifications and audit events, written in chunks."""
    if sizes.contacts <= 0:
        return {}
    if sizes.referrals < sizes.contacts:
        raise ValueError("Every contact has at least one referral: referrals >= contacts.")
    world = _World.read()
    now = timezone.now()
    first_contact = _next_id(Contact)
    first_referral = _next_id(Referral)
    # Extra referrals go to random contacts; sessions to referrals under way or closed,
    # about this many each (adjusted as the chunks are written, to hit the total).
    extra = defaultdict(int)
    for _n in range(sizes.referrals - sizes.contacts):
        extra[rng.randrange(sizes.contacts)] += 1
    totals: dict[str, int] = defaultdict(int)
    next_referral = first_referral
    for chunk_start in range(0, sizes.contacts, CHUNK):
        chunk = range(chunk_start, min(chunk_start + CHUNK, sizes.contacts))
        done = chunk.stop / sizes.contacts
        rows = _generate_chunk(
            chunk=chunk,
            first_contact=first_contact,
            next_referral=next_referral,
            extra=extra,
            world=world,
            now=now,
            rng=rng,
            sessions_wanted=round(sizes.sessions * done) - totals["sessions"],
            audit_wanted=round(sizes.audit_events * done) - totals["audit_events"],
        )
        next_referral += len(rows["referrals"])
        with transaction.atomic():
            for key, (model, columns) in _TABLES.items():
                totals[key] += write(model, columns, rows[key])
        log(
            f"  {chunk.stop:>7} kontakter, {totals['referrals']:>7} hänvisningar, "
            f"{totals['sessions']:>7} samtal, {totals['audit_events']:>8} loggrader"
        )
    _reset_sequences(Contact, Referral)
    return dict(totals)


_CONSENT_COLUMNS = [
    "contact_id", "purpose", "given_by", "scope", "given_on", "method", "recorded_by_id",
    "recorded_at", "withdrawal_scope",
]  # fmt: skip


_DRAFT_COLUMNS = [
    "id", "owner_id", "start_token", "answers", "revision", "path_version", "created_at",
    "updated_at", "next_step", "contact_id",
]  # fmt: skip


_TABLES: dict[str, tuple[type[models.Model], list[str]]] = {
    "contacts": (Contact, _CONTACT_COLUMNS),
    "contact_target_groups": (Contact.target_groups.through, ["contact_id", "targetgroup_id"]),
    "consents": (Consent, _CONSENT_COLUMNS),
    "disclosures": (
        DisclosureDecision,
        ["contact_id", "nothing_shared", "ground", "ground_detail", "scope"],
    ),
    "child_reports": (ChildConcernReport, ["contact_id", "made_on", "made_to", "recorded_by_id"]),
    "referrals": (Referral, _REFERRAL_COLUMNS),
    "sessions": (SupportSession, _SESSION_COLUMNS),
    "notifications": (
        Notification,
        ["recipient_id", "referral_id", "message", "created_at", "read_at"],
    ),
    "drafts": (Draft, _DRAFT_COLUMNS),
    "audit_events": (AuditEvent, _AUDIT_COLUMNS),
}
