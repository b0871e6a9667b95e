"""The checkpoints of the guided path, as guard functions.

Each guard reads a draft's answers and raises a ``CheckpointBlocked``
subclass (a ``PermissionDenied``) when the path must not go on. The views
run them before opening any later step and the submit service runs them all
again, so neither a changed URL nor an early POST can skip one.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class CheckpointBlocked(PermissionDenied):
    """The path stops here until the caseworker has done what ``instead`` says."""

    message = ""
    instead = ""

    def __init__(self, message=None, instead=None):
        self.message = message or self.message
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


class DisclosureGroundMissing(CheckpointBlocked):
    message = _(
        "Innan något om den närstående lämnas till den anhöriga måste den "
        "sekretessbrytande grunden och dess omfattning dokumenteras."
    )
    instead = _("Välj att inget lämnas ut, eller ange grund och vad som får lämnas ut.")


class ChildConcernReportMissing(CheckpointBlocked):
    message = _(
        "Det finns oro för att ett barn far illa. En orosanmälan ska göras genast "
        "(14 kap. 1 § SoL i den tidigare lagen) och dokumenteras innan du går vidare."
    )
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
    if consent.get("consent_given") is not True:
        raise ConsentMissing()


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
