"""The forms of the incident page's section on relatives reached: start a contact
from a plan, record an outcome without a contact, change an outcome. No names
and no free text: the relatives who talk to the service become contacts."""

from datetime import timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals.outreach.models import Incident, OutreachPlan, RelativeReached

WHEN_FORMAT = "%Y-%m-%dT%H:%M"
# A clock a few minutes ahead is not an outcome in the future.
CLOCK_SKEW = timedelta(minutes=5)


class PlanChoiceField(forms.ModelChoiceField):
    """A plan shown by its district's name."""

    def label_from_instance(self, obj) -> str:
        return obj.district.name


def _plan_field(
    plans: QuerySet[OutreachPlan], listed: list[OutreachPlan] | None = None
) -> forms.ModelChoiceField:
    """A choice of ``plans``. ``listed`` are the same plans already read by the page, in
    the same order (by district name): the options are made from them, not read again.
    A posted choice is always checked against ``plans``."""
    field = PlanChoiceField(
        label=_("Förvaltning där den anhöriga bor"),
        queryset=plans.select_related("district").order_by("district__name"),
        empty_label=_("Välj förvaltning"),
        error_messages={
            "required": _("Välj förvaltning."),
            "invalid_choice": _("Välj en av förvaltningarna i listan."),
        },
    )
    if listed is not None:
        field.choices = [
            ("", field.empty_label),
            *((plan.pk, field.label_from_instance(plan)) for plan in listed),
        ]
    return field


def _start_token() -> forms.UUIDField:
    return forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Formuläret var ofullständigt. Ladda om sidan och försök igen."),
            "invalid": _("Formuläret var ofullständigt. Ladda om sidan och försök igen."),
        },
    )


def _outcome_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Utfall"),
        choices=RelativeReached.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj utfall."),
            "invalid_choice": _("Välj ett av utfallen i listan."),
        },
    )


class StartContactForm(forms.Form):
    """A caseworker starts a contact with a relative in one of the incident's plans."""

    fields_cacheable = True  # a choice of district; the token is hidden, rendered apart

    def __init__(self, *args, plans: QuerySet[OutreachPlan], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"] = _plan_field(plans)
        self.fields["start_token"] = _start_token()


class ReachedForm(forms.Form):
    """An outcome without a contact: a relative who said no at the door, one nobody
    reached, or an offer not yet answered. Empty, on the incident page, its fields
    are written as plain HTML (templates/referrals/outreach/_reached_fields.html)."""

    def __init__(
        self,
        *args,
        plans: QuerySet[OutreachPlan],
        incident: Incident,
        listed: list[OutreachPlan] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.incident = incident
        self.fields["plan"] = _plan_field(plans, listed)
        self.fields["outcome"] = _outcome_field()
        self.fields["reached_at"] = forms.DateTimeField(
            label=_("När"),
            help_text=_("ÅÅÅÅ-MM-DD TT:MM. Lämna som det är om det var nu."),
            input_formats=[WHEN_FORMAT, "%Y-%m-%d %H:%M"],
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=WHEN_FORMAT),
            error_messages={
                "required": _("Ange när."),
                "invalid": _("Skriv tiden som ÅÅÅÅ-MM-DD TT:MM, till exempel 2026-03-14 09:30."),
            },
        )
        self.fields["start_token"] = _start_token()

    def clean_reached_at(self):
        when = self.cleaned_data["reached_at"]
        if when > timezone.now() + CLOCK_SKEW:
            raise forms.ValidationError(_("Tiden kan inte vara i framtiden."))
        if when < self.incident.occurred_at:
            raise forms.ValidationError(_("Tiden kan inte vara före händelsen."))
        return when


class OutcomeForm(forms.Form):
    """Change the outcome of a relative reached, for example an offer now answered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"] = _outcome_field()
