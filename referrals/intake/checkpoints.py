"""The checkpoints of the guided path, as guard functions.

Each guard reads a draft's answers and raises a ``CheckpointBlocked``
subclass (a ``PermissionDenied``) when the path must not go on. The views
run them before opening any later step and the submit service runs them all
again, so neither a changed URL nor an early POST can skip one.

A message that rests on a paragraph of law names the ``LegalReference`` by its
key and shows the row in its current form when the message is shown (see
``guidance.legal``), so a correction an administrator makes in the guidance
reaches the checkpoint too.
"""

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guidance.models import LegalReference
from referrals.intake.choices import ChildConsentFrom
from referrals.intake.conditions import relative_is_child

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

logger = logging.getLogger(__name__)


def citation(key: str) -> str:
    """The reference in its current form as the guidance holds it now (a repealed
    rule by the rule that replaced it), marked when not checked against the law
    in force."""
    reference = LegalReference.objects.select_related("replaced_by").filter(key=key).first()
    if reference is None:
        logger.warning("A checkpoint cites the legal reference %r, which does not exist.", key)
        return gettext("%(citation)s (ej kontrollerad)") % {"citation": key}
    return reference.current_form().plain


def _citing(message: "str | _StrPromise", key: str) -> str:
    return str(message) % {"citation": citation(key)}


# Looked up when the message is shown, not each time a guard raises.
_message_citing = lazy(_citing, str)


class CheckpointBlocked(PermissionDenied):
    """The path stops here until the caseworker has done what ``instead`` says."""

    message: "str | _StrPromise" = ""
    instead: "str | _StrPromise" = ""
    # The key of the LegalReference that ``message`` cites as %(citation)s, if any.
    legal_reference: str | None = None

    def __init__(self, message=None, instead=None):
        if message:
            self.message = message
        elif self.legal_reference:
            self.message = _message_citing(self.message, self.legal_reference)
        self.instead = instead or self.instead
        super().__init__(self.message)


class SameCaseworker(CheckpointBlocked):
    message = _("Du är handläggare för den närstående och får inte också handlägga den anhöriga.")
    instead = _(
        "Be en kollega ta kontakten med den anhöriga. Utkastet finns kvar under "
        "Mina påbörjade kontakter tills det raderas."
    )


class ConsentMissing(CheckpointBlocked):
    message = _(
        "Den anhöriga blev känd genom en person som socialtjänsten redan arbetar med. "
        "Du får inte kontakta den anhöriga förrän den personens samtycke är dokumenterat."
    )
    instead = _(
        "Fråga den närstående om samtycke till kontakt och dokumentera det här. Utan "
        "samtycke kan du i stället ge den närstående information om anhörigstödet att "
        "lämna vidare, så att den anhöriga själv kan ta kontakt."
    )


class ChildConsentMissing(CheckpointBlocked):
    message = _(
        "Den anhöriga är ett barn och blev känd genom en person som socialtjänsten redan "
        "arbetar med. Samtycke till kontakt ska komma från barnets vårdnadshavare, eller "
        "från barnet självt om barnet har ålder och mognad för det. Den närstående ska "
        "inte tillfrågas."
    )
    instead = _(
        "Fråga barnets vårdnadshavare om samtycke och dokumentera det här. Är en "
        "vårdnadshavare den närstående, fråga den andra vårdnadshavaren eller bedöm om "
        "barnet kan samtycka självt."
    )


class DisclosureGroundMissing(CheckpointBlocked):
    message = _(
        "Innan något om den närstående lämnas till den anhöriga måste den "
        "sekretessbrytande grunden och dess omfattning dokumenteras."
    )
    instead = _("Välj att inget lämnas ut, eller ange grund och vad som får lämnas ut.")


class ChildConcernReportMissing(CheckpointBlocked):
    message = _(
        "Det finns oro för att ett barn far illa. En orosanmälan ska göras genast "
        "och dokumenteras innan du går vidare. Lagrum: %(citation)s."
    )
    legal_reference = "sol-2001-453-14-1"
    instead = _(
        "Gör orosanmälan nu och fyll i datum och mottagare. Dina svar är sparade, så "
        "du kan komma tillbaka hit när anmälan är gjord."
    )


class ProtectionFirst(CheckpointBlocked):
    message = _("Den anhöriga är hotad. Polisanmälan och polisens riskanalys kommer först.")
    instead = _(
        "Hjälp den anhöriga att polisanmäla hotet och be polisen om en riskanalys, eller "
        "dokumentera att den anhöriga inte vill anmäla."
    )


def require_different_caseworker(answers, user) -> None:
    first = answers.step("first-contact") or {}
    if first.get("is_known_to_service") is True and first.get("person_caseworker") == user:
        raise SameCaseworker()


def require_consent(answers, user) -> None:
    first = answers.step("first-contact") or {}
    route = first.get("entry_route")
    if route is None or not route.consent_required:
        return
    consent = answers.step("consent") or {}
    if relative_is_child(answers):
        _require_child_consent(consent)
    elif consent.get("consent_given") is not True:
        raise ConsentMissing()


def _require_child_consent(consent) -> None:
    """A child's consent to contact is the guardians' or, when the caseworker judges the
    child old and mature enough, the child's own: never the related person's."""
    given_from = consent.get("consent_from")
    if consent.get("consent_given") is not True or given_from not in ChildConsentFrom.values:
        raise ChildConsentMissing()
    if given_from == ChildConsentFrom.CHILD and not consent.get("child_mature"):
        raise ChildConsentMissing()


def require_disclosure_ground(answers, user) -> None:
    decision = answers.step("confidentiality") or {}
    if decision.get("decision") == "nothing":
        return
    if decision.get("decision") == "share" and decision.get("ground") and decision.get("scope"):
        return
    raise DisclosureGroundMissing()


def require_child_concern_report(answers, user) -> None:
    children = answers.step("children") or {}
    if children.get("child_at_risk") is not True:
        return
    if not (children.get("report_made_on") and children.get("report_made_to")):
        raise ChildConcernReportMissing()


def require_protection_first(answers, user) -> None:
    threats = answers.step("threats") or {}
    if threats.get("threatened") is not True:
        return
    report = threats.get("police_report")
    if report == "declined":
        return
    if report == "made" and threats.get("risk_analysis_requested"):
        return
    raise ProtectionFirst()


class ReceiverIsPersonsCaseworker(CheckpointBlocked):
    """The one who would receive the referral handles the related person's case."""


def _receives(profile, choice: str) -> bool:
    """Whether the staff ``profile`` receives referrals to the internal ``choice``
    (a unit, in a district or city-wide: ``referrals.follow_up.services.receivers_of``)."""
    from referrals.intake.suggestions import parse_internal_choice

    provider_key, district_key = parse_internal_choice(choice)
    district = profile.district.key if profile.district_id else None
    return profile.provider_id is not None and (provider_key, district_key) == (
        profile.provider.key,
        district,
    )


def _person_caseworker_profile(answers):
    from referrals.models import StaffProfile

    first = answers.step("first-contact") or {}
    caseworker = first.get("person_caseworker")
    if first.get("is_known_to_service") is not True or caseworker is None:
        return None
    return (
        StaffProfile.objects.select_related("user", "provider", "district")
        .filter(user=caseworker)
        .first()
    )


def require_receiver_not_persons_caseworker(answers, user) -> None:
    """The same-caseworker rule on the receiving side: a unit where the related
    person's own caseworker receives referrals is not chosen; another is suggested."""
    chosen = (answers.step("referral") or {}).get("internal") or []
    if not chosen:
        return
    profile = _person_caseworker_profile(answers)
    if profile is None:
        return
    conflicts = [choice for choice in chosen if _receives(profile, choice)]
    if not conflicts:
        return
    from referrals.intake.journey import suggestions_for

    suggested = suggestions_for(answers).internal
    names = {s.choice_value: s.name for s in suggested}
    others = [s.name for s in suggested if not _receives(profile, s.choice_value)]
    caseworker = profile.user.get_full_name() or profile.user.username
    message = gettext(
        "%(caseworker)s, som tar emot hänvisningar till %(destination)s, är handläggare för "
        "den närstående och får inte också ge stöd till den anhöriga."
    ) % {"caseworker": caseworker, "destination": ", ".join(names.get(c, c) for c in conflicts)}
    if others:
        instead = gettext("Välj en annan mottagare, till exempel %(others)s.") % {
            "others": ", ".join(others[:3])
        }
    else:
        instead = gettext(
            "Välj en annan mottagare, till exempel en extern verksamhet, eller be enheten "
            "ordna så att någon annan tar emot hänvisningen."
        )
    raise ReceiverIsPersonsCaseworker(message, instead)
