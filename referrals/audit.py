"""The one writer of the audit trail."""

from referrals.models import AuditEvent


def record(
    *,
    actor,
    action: AuditEvent.Action,
    contact=None,
    referral=None,
    details: dict | None = None,
) -> AuditEvent:
    """Append one event. Contacts and referrals are named by reference, not by
    foreign key, so the trail outlives the rows that retention deletes."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        contact_reference=contact.reference if contact else "",
        referral_reference=referral.reference if referral else "",
        details=details or {},
    )
