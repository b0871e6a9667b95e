"""The pages that show a contact or a referral, and the only code that renders them.

Each page shows personal data (the safe-contact details among them), whatever
brought it up: a plain visit, a form shown again with its errors, a 409 after a
concurrent change, a print. So each function here records the view in the audit
trail before it renders, and views never render these templates themselves
(``tests/referrals/test_pages.py`` checks both).
"""

from enum import StrEnum

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from audit import trail
from audit.models import AuditEvent
from referrals import handout
from referrals.follow_up import lifecycle, reach, selectors, urgency
from referrals.follow_up.forms import (
    ExternalOutcomeForm,
    SessionForm,
    WithdrawConsentForm,
)
from referrals.intake import services as intake_services
from referrals.models import Contact, PracticalMatter, Referral
from referrals.outreach import relatives as outreach_relatives
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
        **_what_the_receiver_needs(referral.contact),
    }
    return render(request, "referrals/referral_detail.html", context, status=status)


def _what_the_receiver_needs(contact: Contact) -> dict:
    """Why the referral is urgent, the practical matters in words, and whether the
    receiver may see how to reach the relative (``referrals.follow_up.reach``)."""
    return {
        "urgency": urgency.reasons(contact),
        "practical_labels": [
            PracticalMatter(code).label
            for code in contact.practical_matters
            if code in PracticalMatter.values
        ],
        "reach_shown": reach.shown_to_receiver(contact),
        "reach_given": reach.can_be_reached(
            {name: getattr(contact, name) for name in reach.REACH_FIELDS}
        ),
    }


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
        **outreach_relatives.contact_incident(user=request.user, contact=contact),
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


def render_handout(request, contact: Contact, language: str) -> HttpResponse:
    """The information sheet the caseworker prints for the relative, in the relative's
    language (the template renders it under ``translation.override``, the
    ``{% language %}`` tag); the version for a child when the relative is one."""
    intake_services.record_handout_printed(
        contact=contact, actor=request.user, via=Via.HANDOUT.value, language=language
    )
    context = {
        "contact": contact,
        "print_view": True,
        "back_url": contact.get_absolute_url(),
        "handout_language": language,
        "handout_languages": settings.HANDOUT_LANGUAGES,
    }
    if contact.relative_is_child:  # the version written for a child, with Bris
        context["bris"] = handout.bris_service()
        return render(request, "referrals/handout_child.html", context)
    return render(request, "referrals/handout.html", context)
