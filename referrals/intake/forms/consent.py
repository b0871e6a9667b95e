"""Consent to contact, and what may be disclosed about the related person."""

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals import models as r
from referrals.fields import date_field, not_in_future, yes_no_field
from referrals.intake.choices import ChildConsentFrom


class ConsentForm(forms.Form):
    """Consent to contact the relative, when the route needs it."""

    consent_given = yes_no_field(
        _("Har den närstående samtyckt till att socialtjänsten kontaktar den anhöriga?"),
        required=False,
    )
    given_by = forms.CharField(label=_("Vem gav samtycket?"), max_length=100, required=False)
    scope = forms.CharField(
        label=_("Vad omfattar samtycket?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    given_on = date_field(_("Datum för samtycket"), required=False, validators=[not_in_future])
    method = forms.ChoiceField(
        label=_("Hur gavs samtycket?"),
        choices=r.Consent.Method.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, child: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        if child:
            self._ask_for_a_child()

    def _ask_for_a_child(self) -> None:
        """For a relative under 18 the consent concerns the contact with the child and
        is the child's or the guardians', never the related person's."""
        self.fields["consent_given"].label = _(
            "Har barnets vårdnadshavare eller barnet självt samtyckt till att "
            "socialtjänsten kontaktar barnet?"
        )
        self.fields["given_by"] = forms.ChoiceField(
            label=_("Vem gav samtycket?"),
            choices=ChildConsentFrom.choices,
            widget=forms.RadioSelect,
            required=False,
            help_text=_(
                "Den närstående ska inte tillfrågas: samtycket gäller kontakten med barnet."
            ),
        )
        self.fields["child_mature"] = forms.BooleanField(
            label=_(
                "Jag bedömer att barnet har den ålder och mognad som krävs för att själv samtycka"
            ),
            required=False,
            help_text=_("Krävs när barnet samtycker utan vårdnadshavarna."),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_given") is True:
            for name, message in (
                ("given_by", _("Ange vem som gav samtycket.")),
                ("scope", _("Ange vad samtycket omfattar.")),
                ("given_on", _("Ange datum för samtycket.")),
                ("method", _("Ange om samtycket var muntligt eller skriftligt.")),
            ):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        if self.child:
            self._clean_for_a_child(cleaned)
        return cleaned

    def _clean_for_a_child(self, cleaned) -> None:
        """``consent_from`` keeps the choice for the checkpoint; ``given_by`` becomes its
        words, as the consent is recorded."""
        given_by = cleaned.get("given_by") or ""
        if given_by == ChildConsentFrom.CHILD and not cleaned.get("child_mature"):
            self.add_error(
                "child_mature",
                _("Bedöm om barnet kan samtycka själv, eller fråga vårdnadshavarna."),
            )
        cleaned["consent_from"] = given_by
        cleaned["given_by"] = str(ChildConsentFrom(given_by).label) if given_by else ""


class ConfidentialityForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Lämnas något om den närstående till den anhöriga?"),
        choices=[
            ("nothing", _("Nej, inget om den närstående lämnas ut")),
            ("share", _("Ja, med stöd av en sekretessbrytande grund")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om något lämnas ut.")},
    )
    ground = forms.ChoiceField(
        label=_("Sekretessbrytande grund"),
        choices=[("", _("Välj grund")), *r.DisclosureDecision.Ground.choices],
        required=False,
    )
    ground_detail = forms.CharField(
        label=_("Beskriv grunden"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs för annan grund än samtycke: vilken bestämmelse och varför."),
    )
    scope = forms.CharField(
        label=_("Vad får lämnas ut?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Till exempel att personen är aktuell och vilken insats hen har."),
    )
    consent_given_on = date_field(
        _("Datum för den närståendes samtycke"), required=False, validators=[not_in_future]
    )
    consent_method = forms.ChoiceField(
        label=_("Hur gavs samtycket?"),
        choices=r.Consent.Method.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") != "share":
            return cleaned
        required = [
            ("ground", _("Välj den sekretessbrytande grunden.")),
            ("scope", _("Ange vad som får lämnas ut.")),
        ]
        if cleaned.get("ground") == r.DisclosureDecision.Ground.PERSON_CONSENT:
            required += [
                ("consent_given_on", _("Ange när den närstående samtyckte.")),
                ("consent_method", _("Ange om samtycket var muntligt eller skriftligt.")),
            ]
        elif cleaned.get("ground") == r.DisclosureDecision.Ground.OTHER:
            required.append(("ground_detail", _("Beskriv vilken grund som gäller.")))
        for name, message in required:
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        return cleaned
