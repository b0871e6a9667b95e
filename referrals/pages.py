"""The pages that show a contact or a referral, and the only code that renders them.

Each page shows personal data (the safe-contact details among them), whatever
brought it up: a plain visit, a form shown again with its errors, a 409 after a
concurrent change, a print. So each function here records the view in the audit
trail before it renders, and views never render these templates themselves
(``tests/referrals/test_pages.py`` checks both).
"""

from enum import StrEnum

from django.http import HttpResponse
from django.shortcuts import render

from audit import trail
from audit.models import AuditEvent
from referrals.follow_up import lifecycle, selectors
from referrals.follow_up.forms import (
    ExternalOutcomeForm,
    SessionForm,
    WithdrawConsentForm,
)
from referrals.models import Contact, Referral
from referrals.statistics import charts


class Via(StrEnum):
    """Why the page was shown: stored in the view event's details."""

    PAGE = "page"
    PRINT = "print"
    HANDOUT = "handout"
    VALIDATION_ERROR = "validation_error"
    CONCURRENT_CHANGE = "concurrent_change"
    WITHDRAW_REFERRAL = "withdraw_referral"


def _can_withdraw_consent(contact: Contact) -> bool:
    # From the consents fetched with the page, not one more query.
    return any(consent.withdrawn_on is None for consent in contact.consents.all())


def render_referral(
    request, referral: Referral, *, via: Via, forms: dict | None = None, status: int = 200
) -> HttpResponse:
    """The referral page, with any bound forms that need to show their errors."""
    trail.record(
        actor=request.user,
        action=AuditEvent.Action.REFERRAL_VIEWED,
        contact=referral.contact,
        referral=referral,
        details={"via": via.value},
    )
    forms = forms or {}
    version = {"version": referral.version}
    moves = [
        (transition, forms.get(transition.action) or transition.form(initial=version))
        for transition in lifecycle.available(referral)
    ]
    sessions = list(referral.sessions.all())
    ors_points = [(s.held_on, s.ors_score) for s in sessions if s.ors_score is not None]
    context = {
        "referral": referral,
        "contact": referral.contact,
        "moves": moves,
        "session_form": forms.get("session") or SessionForm(initial=version),
        "can_log_session": referral.status in lifecycle.SESSION_STATUSES,
        "sessions": sessions,
        "ors_chart": charts.ors_chart(ors_points),
        "withdraw_form": forms.get("withdraw") or WithdrawConsentForm(contact=referral.contact),
        "history": selectors.referral_history(referral=referral),
        "contact_consent_withdrawn": lifecycle.contact_consent_withdrawn(referral.contact),
        "can_withdraw_consent": _can_withdraw_consent(referral.contact),
    }
    return render(request, "referrals/referral_detail.html", context, status=status)


def render_contact(request, contact: Contact, *, via: Via = Via.PAGE) -> HttpResponse:
    """The caseworker's contact page, or its print for the file (``Via.PRINT``)."""
    print_view = via == Via.PRINT
    action = AuditEvent.Action.CONTACT_PRINTED if print_view else AuditEvent.Action.CONTACT_VIEWED
    trail.record(
        actor=request.user,
        action=action,
        contact=contact,
        details={"via": via.value},
    )
    context = {
        "contact": contact,
        "print_view": print_view,
        "outcome_form": ExternalOutcomeForm(),
        "withdraw_form": WithdrawConsentForm(contact=contact),
        "can_withdraw_consent": _can_withdraw_consent(contact),
        "withdrawable": {r.pk for r in contact.referrals.all() if lifecycle.can_withdraw(r)},
    }
    return render(request, "referrals/contact_detail.html", context)


def render_withdraw_referral(request, referral: Referral, *, form) -> HttpResponse:
    """The sender's page for taking back a referral not yet accepted."""
    trail.record(
        actor=request.user,
        action=AuditEvent.Action.CONTACT_VIEWED,
        contact=referral.contact,
        referral=referral,
        details={"via": Via.WITHDRAW_REFERRAL.value},
    )
    context = {
        "referral": referral,
        "contact": referral.contact,
        "form": form,
        "can_withdraw": lifecycle.can_withdraw(referral),
    }
    return render(request, "referrals/referral_withdraw.html", context)


def render_handout(request, contact: Contact) -> HttpResponse:
    """The information sheet the caseworker prints for the relative."""
    trail.record(
        actor=request.user,
        action=AuditEvent.Action.HANDOUT_PRINTED,
        contact=contact,
        details={"via": Via.HANDOUT.value},
    )
    context = {"contact": contact, "print_view": True, "back_url": contact.get_absolute_url()}
    return render(request, "referrals/handout.html", context)
