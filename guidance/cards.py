"""What a cached directory card depends on.

A card (templates/guidance/_service.html) is the same for everyone and is kept
for five minutes in each server's own memory (``CACHES``). It is therefore not
invalidated by signals, which would reach only the server that saved, but keyed
on everything it shows: the service's own fields (``updated_at``), its
organisation, the names of its target groups and languages, its last check, and
the day (a check falls due at midnight). Any change to these, from the admin or
the loader, gives a new key, and the next page view builds the card afresh on
every server.
"""

import hashlib

from django.utils import timezone


def card_version(service) -> str:
    """A digest of everything the service's card shows.

    Reads only what ``guidance.selectors.directory_services`` fetched: the
    organisation, the prefetched target groups and languages and the
    ``latest_check`` annotation; no query of its own.
    """
    organisation = service.organisation
    parts = [
        service.pk,
        service.updated_at,
        service.status,
        service.last_verified_at,
        service.last_verified_by,
        getattr(service, "latest_check", None),
        organisation.pk,
        organisation.updated_at,
        [(group.pk, group.name) for group in service.target_groups.all()],
        [(language.pk, language.name) for language in service.languages.all()],
        timezone.localdate(),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
