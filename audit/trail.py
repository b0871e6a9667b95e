"""The one writer of the audit trail.

Every event carries who, what and when, and, when it happens during a request,
the client's address (as seen behind the configured proxies) and a keyed hash
of the session key. ``AuditContextMiddleware`` makes the current request known
to ``record`` so that no caller has to pass it along.
"""

import ipaddress
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from audit.models import AuditEvent

_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def client_address(request) -> str | None:
    """The client's address as the portal's own proxies saw it.

    With ``TRUSTED_PROXY_COUNT`` proxies in front (each appending to
    X-Forwarded-For), the client is the address that many places from the end;
    anything further left was written by the client and is not trusted. Used by
    the audit trail and by django-axes, so both name the same address.
    """
    meta = getattr(request, "META", {})
    address = meta.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


class AuditContextMiddleware:
    """Lets ``record`` read the address and session of the request it runs in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def current_request() -> HttpRequest | None:
    return _current_request.get()


def current_user():
    """The signed-in user of the request being served, if any."""
    user = getattr(_current_request.get(), "user", None)
    return user if user is not None and user.is_authenticated else None


def session_hash(request: HttpRequest | None) -> str:
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if not key:
        return ""
    return salted_hmac("referrals.audit.session", key, algorithm="sha256").hexdigest()[:32]


def record(
    *,
    actor,
    action: AuditEvent.Action,
    contact=None,
    referral=None,
    incident=None,
    details: dict | None = None,
    subject_user=None,
    contact_reference: str = "",
    referral_reference: str = "",
    incident_reference: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. Contacts, referrals and incidents are named by reference,
    not by foreign key, so the trail outlives the rows that retention deletes.

    ``contact_reference``/``referral_reference``/``incident_reference`` name what
    was asked for when there is no object (a refused or unknown reference).
    """
    request = request or _current_request.get()
    reference_field = AuditEvent._meta.get_field("referral_reference")
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        contact_reference=(contact.reference if contact else contact_reference)[:20],
        referral_reference=(referral.reference if referral else referral_reference)[
            : reference_field.max_length
        ],
        incident_reference=(incident.reference if incident else incident_reference)[:20],
        details=details or {},
        subject_user=subject_user,
        client_address=client_address(request) if request is not None else None,
        session_hash=session_hash(request),
    )
