"""When a directory entry is due for a check, and what the caseworker is told.

Plain functions over a service's check date, so the directory, the path's
suggestions and the handout preview all warn in the same words, and a test
can ask without a request or a database.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from guidance import validators


@dataclass(frozen=True)
class VerificationNotice:
    """What a service card says about the last check of its details."""

    due: bool
    text: str


def verify_after_days() -> int:
    return settings.DIRECTORY_VERIFY_AFTER_DAYS


def verification_cutoff(today: date | None = None) -> date:
    """Checks made before this day are too old to trust."""
    return (today or timezone.localdate()) - timedelta(days=verify_after_days())


def is_due(last_verified_at: date | None, today: date | None = None) -> bool:
    """A service is due when it has never been checked or the check is too old."""
    return last_verified_at is None or last_verified_at < verification_cutoff(today)


# The start page and the due list also show what falls due within this many days.
DUE_SOON_DAYS = 30


def due_soon_cutoff(today: date | None = None) -> date:
    """Checks made before this day (and not already too old) fall due within
    ``DUE_SOON_DAYS`` days."""
    return verification_cutoff(today) + timedelta(days=DUE_SOON_DAYS)


def is_due_soon(last_verified_at: date | None, today: date | None = None) -> bool:
    """Not due yet, but due within ``DUE_SOON_DAYS`` days."""
    if is_due(last_verified_at, today):
        return False
    assert last_verified_at is not None
    return last_verified_at < due_soon_cutoff(today)


def falls_due_on(last_verified_at: date | None) -> date | None:
    """The first day the service is due; ``None`` when it has never been checked."""
    if last_verified_at is None:
        return None
    return last_verified_at + timedelta(days=verify_after_days() + 1)


def verification_notice(
    last_verified_at: date | None, last_verified_by: str = "", today: date | None = None
) -> VerificationNotice:
    """The sentence a service card shows about its last check."""
    if last_verified_at is None:
        return VerificationNotice(
            due=True,
            text=_("Ej kontrollerad – kontrollera numret innan du ger det vidare."),
        )
    when = formats.date_format(last_verified_at, "j F Y")
    who = last_verified_by or _("okänd")
    if is_due(last_verified_at, today):
        return VerificationNotice(
            due=True,
            text=_(
                "Uppgifterna kontrollerades senast %(date)s av %(who)s – kontrollera "
                "numret innan du ger det vidare."
            )
            % {"date": when, "who": who},
        )
    return VerificationNotice(
        due=False,
        text=_("Senast kontrollerad %(date)s av %(who)s.") % {"date": when, "who": who},
    )


def notice_for(service, today: date | None = None) -> VerificationNotice:
    return verification_notice(service.last_verified_at, service.last_verified_by, today)


def tel_href(phone: str) -> str:
    """The ``tel:`` target of a phone number as written, e.g. "112 (be om …)" → "tel:112".

    One rule for every page: ``guidance.validators.tel_href``.
    """
    return validators.tel_href(phone)
