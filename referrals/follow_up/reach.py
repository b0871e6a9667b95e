"""How the relative is reached, and who may see it.

A named relative may leave a phone number, an e-mail or an address. They are
shown to the contact's own caseworker, and to the receivers of a referral only
when the relative may be contacted: a consent to contact is recorded and not
withdrawn. Never in the inbox list, never on the handout.

A relative who leaves none of them cannot be reached, however the contact is
named: they get a call-back code at submit, and the handout tells them the
number to ring and the code to quote, so the receiver can match the call.
"""

import secrets
from collections.abc import Callable, Mapping
from typing import Any

from referrals.models import Consent, Contact

REACH_FIELDS = ("relative_phone", "relative_email", "relative_address")

# No 0/O, 1/I/L, 2/Z, 5/S or 8/B: read aloud on the phone, nothing is mistaken.
CALLBACK_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CALLBACK_LENGTH = 6


def can_be_reached(values: Mapping[str, Any]) -> bool:
    """Whether the contact's ``values`` (a contact's fields by name) give any way to
    reach the relative."""
    return any((values.get(name) or "").strip() for name in REACH_FIELDS)


def needs_callback_code(values: Mapping[str, Any]) -> bool:
    """An anonymous relative (no name, no way to reach them) and any other relative
    nobody can reach gets a code to quote when calling in."""
    return not can_be_reached(values)


def new_callback_code(*, taken: Callable[[str], bool], attempts: int = 20) -> str:
    """A random code from ``CALLBACK_ALPHABET`` that ``taken`` says no open contact
    holds. With 25**6 (about 244 million) codes a clash is rare; after ``attempts``
    clashes in a row something is wrong, and it says so."""
    for _attempt in range(attempts):
        code = "".join(secrets.choice(CALLBACK_ALPHABET) for _ in range(CALLBACK_LENGTH))
        if not taken(code):
            return code
    raise RuntimeError("No free call-back code found.")


def code_taken(code: str) -> bool:
    """Whether an open (not anonymised) contact holds ``code``."""
    return Contact.objects.filter(callback_code=code, anonymised_at__isnull=True).exists()


def contact_consent_given(contact: Contact) -> bool:
    """A consent to contact the relative that is not withdrawn, from the consents
    fetched with the page (no further query when they were prefetched)."""
    return any(
        consent.purpose == Consent.Purpose.CONTACT_RELATIVE and consent.withdrawn_on is None
        for consent in contact.consents.all()
    )


def shown_to_receiver(contact: Contact) -> bool:
    """Whether the receivers of the contact's referrals may see how to reach the
    relative."""
    return can_be_reached(_values(contact)) and contact_consent_given(contact)


def _values(contact: Contact) -> dict[str, str]:
    return {name: getattr(contact, name) for name in REACH_FIELDS}
