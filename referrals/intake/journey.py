"""The guided path as data: its steps, their forms, guidance and checkpoints.

The views, the progress list (``navigation``), the check-your-answers page and
the tests all read ``STEPS``. A change to the steps or their rules bumps ``PATH_VERSION``,
which every submitted contact records.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.intake import actions, checkpoints, situation, suggestions
from referrals.intake import forms as step_forms
from referrals.intake.choices import Need
from referrals.intake.conditions import relative_is_child
from referrals.intake.step import ContactField, GuidanceLink, Step, copied

PATH_VERSION = "2026.11-3"


def _referral_form_kwargs(answers: "Answers") -> dict:
    return {"suggestions": suggestions_for(answers)}


def _referral_context(answers: "Answers", form: forms.Form) -> dict[str, Any]:
    return {"suggestions": suggestions_for(answers)}


def _consent_context(answers: "Answers", form: forms.Form) -> dict[str, Any]:
    route = answers.value("first-contact", "entry_route")
    return {
        "consent_required": bool(route and route.consent_required),
        "relative_is_child": relative_is_child(answers),
    }


def _consent_form_kwargs(answers: "Answers") -> dict:
    return {"child": relative_is_child(answers)}


def _reason_if_number(relative: Mapping[str, Any]) -> str:
    """The reason is kept only with the number it is the reason for."""
    return (
        relative["personal_identity_number_reason"] if relative["personal_identity_number"] else ""
    )


def _police_report_if_threatened(threats: Mapping[str, Any]) -> str:
    return threats["police_report"] if threats["threatened"] else ""


def _information_if_only(referral: Mapping[str, Any]) -> str:
    """What was given is kept when the contact ends with information only."""
    return referral["information_given"] if referral["information_only"] else ""


_CHILDREN_AS_RELATIVES = GuidanceLink(
    _("Barn som anhöriga"), "guidance:topic_detail", "children-as-relatives"
)

STEPS: tuple[Step, ...] = (
    Step(
        slug="first-contact",
        title=_("Situationen"),
        form_class=step_forms.FirstContactForm,
        intro=_(
            "Vad har hänt, och hur kom den anhöriga i kontakt med socialtjänsten? Svaren "
            "avgör vilka steg och åtgärder som följer."
        ),
        guidance=(
            GuidanceLink(_("Ingången till socialtjänsten"), "guidance:entry_route_list"),
            GuidanceLink(_("Målgrupper"), "guidance:target_group_list"),
            GuidanceLink(
                _("Organisation och ansvar"),
                "guidance:topic_detail",
                "organisation-and-responsibility",
            ),
        ),
        guard=checkpoints.require_different_caseworker,
        # The target groups are a many-to-many relation: submit sets them after.
        contact_fields=(
            *copied("contact_date", "district", "entry_route", "event_date"),
            *copied("is_known_to_service", "person_caseworker"),
            ContactField("event_kind", situation.stored_event_kind),
        ),
    ),
    Step(
        slug="crisis",
        title=_("Krisstöd efter händelsen"),
        form_class=step_forms.CrisisForm,
        intro=_(
            "Efter en skjutning eller ett dödligt våld: erbjud krisstöd i den akuta "
            "situationen, berätta om polisens FLO och följ förvaltningens rutin."
        ),
        guidance=(
            GuidanceLink(_("Krisstöd"), "guidance:support_form_detail", "crisis-support"),
            GuidanceLink(
                _("Praktiskt och informativt stöd"),
                "guidance:support_form_detail",
                "practical-information-support",
            ),
            GuidanceLink(_("Polisens FLO"), "guidance:good_practice_detail", "polisens-flo"),
            GuidanceLink(_("Stadsdelsförvaltningarnas rutiner"), "guidance:district_list"),
        ),
        contact_fields=copied("crisis_support_now", "flo_contact"),
        applies=situation.recent_serious_violence,
    ),
    Step(
        slug="relative",
        title=_("Den anhöriga"),
        form_class=step_forms.RelativeForm,
        intro=_("Registrera så lite som möjligt. Den anhöriga får vara anonym."),
        contact_fields=(
            *copied("pseudonym", "personal_identity_number", "relation", "age_group", "gender"),
            *copied("language", "interpreter_needed", "relative_is_child"),
            ContactField("personal_identity_number_reason", _reason_if_number),
        ),
    ),
    Step(
        slug="safe-contact",
        title=_("Säker kontaktväg"),
        form_class=step_forms.SafeContactForm,
        intro=_("Hur kan ni nå den anhöriga utan att den närstående eller dennes nätverk ser det?"),
        guidance=(
            GuidanceLink(_("Hot och skydd"), "guidance:topic_detail", "threats-and-protection"),
        ),
        contact_fields=copied(
            "contact_channel",
            "contact_times",
            "contact_avoid",
            "relative_phone",
            "relative_email",
            "relative_address",
        ),
    ),
    Step(
        slug="guardians",
        title=_("Vårdnadshavare"),
        form_class=step_forms.GuardiansForm,
        intro=_("Den anhöriga är ett barn. Ta reda på vilka vårdnadshavarna är och om de vet."),
        guidance=(_CHILDREN_AS_RELATIVES,),
        contact_fields=copied(
            "guardians_known",
            "guardians_informed",
            "guardians_not_informed_reason",
            "guardians_note",
        ),
        applies=relative_is_child,
    ),
    Step(
        slug="child-view",
        title=_("Barnets egen berättelse"),
        form_class=step_forms.ChildViewForm,
        intro=_("Barnet behöver få berätta om sin situation. Skriv det barnet själv säger."),
        guidance=(_CHILDREN_AS_RELATIVES,),
        contact_fields=copied("child_view"),
        applies=relative_is_child,
    ),
    Step(
        slug="consent",
        title=_("Samtycke till kontakt"),
        form_class=step_forms.ConsentForm,
        guidance=(
            GuidanceLink(
                _("Sekretess och samtycke"), "guidance:topic_detail", "secrecy-and-consent"
            ),
            GuidanceLink(
                _("När socialtjänsten uppmärksammar behovet"),
                "guidance:entry_route_detail",
                "noticed-through-person",
            ),
        ),
        guard=checkpoints.require_consent,
        form_kwargs=_consent_form_kwargs,
        template="referrals/steps/_consent.html",
        extra_context=_consent_context,
    ),
    Step(
        slug="confidentiality",
        title=_("Sekretess"),
        form_class=step_forms.ConfidentialityForm,
        intro=_(
            "Uppgifter om den närstående får bara lämnas till den anhöriga om en "
            "sekretessbrytande grund finns, till exempel den myndiga närståendes samtycke."
        ),
        guidance=(
            GuidanceLink(
                _("Sekretess och samtycke"), "guidance:topic_detail", "secrecy-and-consent"
            ),
            GuidanceLink(_("Lagrum"), "guidance:legal_reference_list"),
        ),
        guard=checkpoints.require_disclosure_ground,
        template="referrals/steps/_confidentiality.html",
    ),
    Step(
        slug="children",
        title=_("Barn"),
        form_class=step_forms.ChildrenForm,
        intro=_(
            "Barn i närheten påverkas. Finns oro för att ett barn far illa ska en "
            "orosanmälan göras genast."
        ),
        guidance=(
            _CHILDREN_AS_RELATIVES,
            GuidanceLink(_("Orosanmälan"), "guidance:topic_detail", "duty-to-report-child-concern"),
            GuidanceLink(_("BRA-samtal"), "guidance:method_detail", "bra-samtal"),
        ),
        guard=checkpoints.require_child_concern_report,
        contact_fields=copied("children_in_household", "children_ages", "child_at_risk"),
    ),
    Step(
        slug="threats",
        title=_("Hot och skydd"),
        form_class=step_forms.ThreatsForm,
        guidance=(
            GuidanceLink(_("Hot och skydd"), "guidance:topic_detail", "threats-and-protection"),
            GuidanceLink(_("Skydd vid hot"), "guidance:support_form_detail", "protection-threats"),
        ),
        guard=checkpoints.require_protection_first,
        # Always asked; the protection guidance stands first on the page.
        template="referrals/steps/_threats.html",
        extra_context=actions.threats_context,
        contact_fields=(
            *copied("threatened", "risk_analysis_requested"),
            ContactField("police_report", _police_report_if_threatened),
        ),
    ),
    Step(
        slug="needs",
        title=_("Behov"),
        form_class=step_forms.NeedsForm,
        guidance=(
            GuidanceLink(_("Stödformer"), "guidance:support_form_list"),
            GuidanceLink(
                _("Praktiskt och informativt stöd"),
                "guidance:support_form_detail",
                "practical-information-support",
            ),
        ),
        contact_fields=copied("needs", "practical_matters", "needs_note"),
    ),
    Step(
        slug="referral",
        title=_("Hänvisning"),
        form_class=step_forms.ReferralForm,
        intro=_(
            "Förslagen bygger på målgrupp, behov, barn, språk och stadsdelsförvaltning. "
            "Välj en eller flera mottagare."
        ),
        guidance=(GuidanceLink(_("Externt anhörigstöd"), "guidance:directory"),),
        form_kwargs=_referral_form_kwargs,
        guard=checkpoints.require_receiver_not_persons_caseworker,
        template="referrals/steps/_referral.html",
        extra_context=_referral_context,
        contact_fields=(ContactField("information_given", _information_if_only),),
    ),
)


STEP_BY_SLUG = {step.slug: step for step in STEPS}


class Answers:
    """A draft's stored answers, each step re-validated by its own form."""

    def __init__(self, raw: dict):
        self.raw = raw
        self._cleaned: dict[str, dict | None] = {}
        self._suggestions: suggestions.Suggestions | None = None

    def step(self, slug: str) -> dict | None:
        """The step's cleaned data, or None when it is unanswered or no longer valid."""
        if slug not in self._cleaned:
            data = self.raw.get(slug)
            if data is None:
                self._cleaned[slug] = None
            else:
                form = STEP_BY_SLUG[slug].form(self, data=data)
                self._cleaned[slug] = form.cleaned_data if form.is_valid() else None
        return self._cleaned[slug]

    def value(self, slug: str, name: str, default=None):
        cleaned = self.step(slug)
        return default if cleaned is None else cleaned.get(name, default)


def do_now_for(answers: Answers) -> actions.DoNow:
    """ "Gör nu" for the draft's answers so far."""
    return actions.do_now(situation.from_answers(answers))


def suggestions_for(answers: Answers) -> suggestions.Suggestions:
    """Ranked destinations for the answers; computed once per ``Answers`` (validating the
    referral step, its form and the check page all ask)."""
    if answers._suggestions is None:
        answers._suggestions = _suggest(answers)
    return answers._suggestions


def _suggest(answers: Answers) -> suggestions.Suggestions:
    district = answers.value("first-contact", "district")
    if district is None:
        return suggestions.Suggestions(internal=[], external=[], notes=[])
    return suggestions.suggest(
        target_groups=list(answers.value("first-contact", "target_groups") or []),
        needs=_needs_with_crisis_now(answers),
        children_involved=answers.value("children", "children_in_household") is True
        or relative_is_child(answers),
        language=answers.value("relative", "language"),
        district=district,
        event_kind=answers.value("first-contact", "event_kind", "") or "",
        relative_is_child=relative_is_child(answers),
        threatened=answers.value("threats", "threatened") is True,
        circumstances=answers.value("needs", "circumstances") or [],
    )


def _needs_with_crisis_now(answers: Answers) -> list[str]:
    """The needs ticked, and crisis support when the crisis step says it is needed now."""
    needs = list(answers.value("needs", "needs") or [])
    if answers.value("crisis", "crisis_support_now") is True and Need.CRISIS not in needs:
        needs.append(Need.CRISIS)
    return needs
