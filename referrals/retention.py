"""What anonymising a contact clears: every text of the contact and of everything
hanging off it, worked out from the models.

A row "hangs off" a contact when a chain of foreign keys leads from it to the
contact (consents, the disclosure decision, the child concern report, referrals,
their support sessions and notifications, the draft it came from...). Each of
their text fields (``CharField``, ``TextField``, ``JSONField``) is cleared unless
it is named below: so a text field added later is cleared without anyone
remembering to list it (``tests/referrals/test_retention.py`` seeds a marker into
every one and searches the whole database for it afterwards).

Kept are only:

- codes the statistics count: a field with ``choices`` keeps a value that is one of
  its choices, a field in ``CODE_LISTS`` keeps the listed codes; anything else in
  them is cleared as well;
- ``IDENTIFIERS`` the system writes, never a person: the references by which the
  audit trail names contacts and referrals, and the versions of the path and the
  guidance.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from audit import trail
from audit.models import AuditEvent
from referrals.follow_up import lifecycle
from referrals.models import Contact, Need, Notification, PracticalMatter, Referral

# Fields without ``choices`` that hold codes, and the codes they may keep.
CODE_LISTS: dict[str, tuple[str, ...]] = {
    "referrals.Contact.needs": tuple(Need.values),
    "referrals.Contact.practical_matters": tuple(PracticalMatter.values),
    "referrals.Contact.police_report": ("made", "declined"),
}
IDENTIFIERS = frozenset(
    {
        "referrals.Contact.reference",
        "referrals.Contact.path_version",
        "referrals.Contact.guidance_version",
        "referrals.Draft.path_version",
        "referrals.Referral.reference",
    }
)
# A stand-in where the database needs a value: a referral to another recipient must
# name it (the constraint referral_has_exactly_one_destination).
STAND_INS = {"referrals.Referral.other_name": "Annan mottagare (avidentifierad)"}

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


@dataclass(frozen=True)
class Holder:
    """A model holding rows of a contact, and the lookup from it to the contact's key."""

    model: type[models.Model]
    lookup: str  # e.g. "referral__contact__pk"


def name(field: models.Field) -> str:
    return f"{field.model._meta.label}.{field.name}"


def holders(model: type[models.Model] = Contact, lookup: str = "pk") -> list[Holder]:
    """``model`` and every model whose rows hang off it, through reverse foreign keys."""
    found = [Holder(model, lookup)]
    for relation in model._meta.related_objects:
        related = relation.related_model
        if relation.many_to_many or related is model:
            # A many-to-many table holds two keys; a referral forwarded to another
            # referral is in the same table, reached from the contact already.
            continue
        found += holders(related, f"{relation.field.name}__{lookup}")
    return found


def text_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]


def clear(*, contacts: list[int]) -> None:
    """Clear every text of ``contacts`` and of the rows hanging off them, but the codes
    and identifiers named above."""
    for holder in holders():
        rows = holder.model._default_manager.filter(**{f"{holder.lookup}__in": contacts})
        for field in text_fields(holder.model):
            label = name(field)
            if label in IDENTIFIERS:
                continue
            if isinstance(field, models.JSONField):
                _clear_json(rows, field, CODE_LISTS.get(label))
            elif field.choices or label in CODE_LISTS:
                codes = CODE_LISTS.get(label) or [value for value, _label in field.flatchoices]
                rows.exclude(**{f"{field.name}__in": codes}).update(**{field.name: ""})
            else:
                stand_in = STAND_INS.get(label, "")
                rows.exclude(**{field.name: stand_in}).exclude(**{field.name: ""}).update(
                    **{field.name: stand_in}
                )


def _clear_json(rows, field: models.JSONField, codes: tuple[str, ...] | None) -> None:
    if codes is None:
        rows.update(**{field.name: field.get_default()})
        return
    # A list of codes: keep the codes, drop anything else. Read in Python, since
    # SQLite and PostgreSQL filter JSON arrays differently; nearly every row is
    # already clean and is left alone.
    for pk, value in rows.values_list("pk", field.name):
        kept = [code for code in value if code in codes] if isinstance(value, list) else []
        if kept != value:
            rows.model._default_manager.filter(pk=pk).update(**{field.name: kept})


def contacts_due_for_retention(*, now=None):
    """Contacts whose referrals are all finished and whose last activity is older
    than CONTACT_RETENTION_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CONTACT_RETENTION_DAYS)
    open_internal = Referral.objects.filter(contact=OuterRef("pk"), provider__isnull=False).exclude(
        status__in=lifecycle.FINISHED
    )
    return (
        Contact.objects.filter(anonymised_at__isnull=True, created_at__lt=cutoff)
        .annotate(
            last_activity=Greatest(
                "created_at",
                Coalesce(Max("referrals__closed_at"), "created_at"),
                Coalesce(Max("referrals__declined_at"), "created_at"),
                Coalesce(Max("referrals__forwarded_at"), "created_at"),
                Coalesce(Max("referrals__sessions__created_at"), "created_at"),
            )
        )
        .filter(last_activity__lt=cutoff)
        .exclude(Exists(open_internal))
    )


@transaction.atomic
def apply_retention(*, now=None) -> int:
    """Anonymise contacts past retention: every free text and identifier of the contact
    and of everything hanging off it goes (``referrals.retention``), the categories the
    statistics count stay. Recorded in the audit trail, which holds references only."""
    contacts = list(contacts_due_for_retention(now=now).values_list("pk", flat=True))
    if not contacts:
        return 0
    Notification.objects.filter(referral__contact__in=contacts).delete()
    clear(contacts=contacts)
    # The event's date with the district could point out the people involved: it goes;
    # its kind is a category the statistics may count.
    Contact.objects.filter(pk__in=contacts).update(
        person_caseworker=None, event_date=None, anonymised_at=timezone.now()
    )
    trail.record(
        actor=None,
        action=AuditEvent.Action.RETENTION_APPLIED,
        details={
            "anonymised_contacts": len(contacts),
            "retention_days": settings.CONTACT_RETENTION_DAYS,
        },
    )
    return len(contacts)
