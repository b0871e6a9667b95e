"""Text the intake part writes goes through gettext as whole sentences with named
placeholders: each shown string is one message, filled in, never glued from pieces.

Each test marks every message the module translates and checks that what comes
out is one marked message from end to end.
"""

import pytest

from guidance import models as g
from referrals.intake import models as intake_models
from referrals.intake import services, suggestions
from referrals.models import Consent, Notification

pytestmark = pytest.mark.django_db


def marked(message):
    return f"«{message}»"


def is_one_message(text):
    return text.startswith("«") and text.endswith("»") and text.count("«") == 1


def run(district, groups=("criminal-lifestyle",)):
    return suggestions.suggest(
        target_groups=list(g.TargetGroup.objects.filter(key__in=groups)),
        needs=["advice"],
        children_involved=True,
        language=None,
        district=g.District.objects.get(key=district),
    )


def test_suggestion_notes_and_reasons_are_whole_messages(monkeypatch):
    monkeypatch.setattr(suggestions, "_", marked)
    result = run("norrmalm", groups=("criminal-lifestyle", "children-as-relatives"))
    [note] = result.notes
    assert is_one_message(note)
    assert "Norrmalm" in note and "SIG-lotsar" in note
    city_wide = next(s for s in result.internal if s.choice_value.endswith("@stad"))
    assert city_wide.note == "«stadsövergripande»"
    assert city_wide.label == f"«{city_wide.name} – «stadsövergripande»»"
    reasons = [reason for s in [*result.internal, *result.external] for reason in s.reasons]
    assert "«målgrupp: Kriminell livsstil»" in reasons
    assert "«stöd: Råd och stöd»" in reasons
    assert "«tar emot barn»" in reasons


def test_a_bought_sig_is_noted_in_one_message(monkeypatch):
    monkeypatch.setattr(suggestions, "_", marked)
    sodermalm = g.District.objects.get(key="sodermalm")
    sodermalm.sig_provided_by = g.District.objects.get(key="skarpnack")
    sodermalm.save()
    sig = next(s for s in run("sodermalm").internal if s.choice_value.startswith("sig-"))
    assert sig.note == "«köps av Skarpnäck»"


def test_a_drafts_name_is_one_message(monkeypatch, make_draft):
    monkeypatch.setattr(intake_models, "gettext", marked)
    draft = make_draft()
    assert str(draft) == f"«Utkast {draft.created_at:%Y-%m-%d %H:%M}»"


def test_what_submit_writes_in_words_is_translated_whole(
    monkeypatch, make_draft, caseworker, consultant
):
    monkeypatch.setattr(services, "gettext", marked)
    draft = make_draft(
        confidentiality={
            "decision": "share",
            "ground": "person_consent",
            "scope": "Att han är aktuell",
            "consent_given_on": "2026-11-18",
            "consent_method": "oral",
        }
    )
    contact = services.submit_draft(draft=draft, user=caseworker)
    shared = Consent.objects.get(contact=contact, purpose=Consent.Purpose.SHARE_WITH_RELATIVE)
    assert shared.given_by == "«Den närstående»"
    referral = contact.referrals.get()
    # The notice is a kind with parameters; its one sentence is the follow-up's
    # (tests/referrals/follow_up/test_notifications.py checks it whole).
    notice = Notification.objects.get()
    assert notice.kind == Notification.Kind.NEW_REFERRAL
    assert notice.text == f"Ny hänvisning {referral.reference}"
