"""The outreach forms: registering an incident, the task actions (each with the
version the page showed), adding a task, and closing or reopening an incident."""

import uuid
from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidance.models import District
from referrals.fields import date_field
from referrals.outreach.models import KNOWN_FACTS_LENGTH, NOTE_LENGTH, IncidentKind

# An incident is registered soon after it happened; older than this is a typing error.
OLDEST_INCIDENT_DAYS = 365
UNIT_LENGTH = 200


def _text(label, *, required: bool, max_length: int = NOTE_LENGTH, rows: int = 2, **kwargs):
    messages = {"max_length": _("Texten kan vara högst %(limit_value)d tecken.")}
    messages.update(kwargs.pop("error_messages", {}))
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages,
        **kwargs,
    )


def _time_field(label, **kwargs) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "invalid": _("Skriv tiden som TT:MM, till exempel 21:30."),
            "required": _("Skriv ungefär vilken tid."),
        },
        **kwargs,
    )


def _at(day, time) -> datetime:
    return timezone.make_aware(datetime.combine(day, time))


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Vad har hänt?"),
        choices=IncidentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vad som har hänt.")},
    )
    occurred_on = date_field(_("Datum"), initial=timezone.localdate)
    occurred_time = _time_field(_("Tid, ungefär"))
    district = forms.ModelChoiceField(
        label=_("Stadsdelsförvaltning där det hände"),
        queryset=District.objects.order_by("name"),
        to_field_name="key",
        empty_label=_("Välj stadsdelsförvaltning"),
        error_messages={"required": _("Välj var det hände.")},
    )
    affected_districts = forms.ModelMultipleChoiceField(
        label=_("Stadsdelsförvaltningar där de anhöriga bor"),
        queryset=District.objects.order_by("name"),
        to_field_name="key",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("En eller flera. Väljer du ingen gäller den där det hände."),
    )
    known_facts = _text(
        _("Vad som är känt, med några ord"),
        required=False,
        max_length=KNOWN_FACTS_LENGTH,
        rows=3,
        help_text=_(
            "Inga namn behövs: de anhöriga blir egna kontakter när ni når dem. Högst 500 tecken."
        ),
    )
    start_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, user, may_register, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].error_messages["required"] = _("Skriv datumet då det hände.")
        self.user = user
        self.may_register = may_register
        if not self.is_bound:
            self.initial.setdefault("start_token", uuid.uuid4())

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("occurred_on"), cleaned.get("occurred_time")
        if day is not None and time is not None:
            occurred_at = _at(day, time)
            now = timezone.now()
            if occurred_at > now + timedelta(minutes=5):
                self.add_error("occurred_on", _("Datum och tid kan inte vara i framtiden."))
            elif occurred_at < now - timedelta(days=OLDEST_INCIDENT_DAYS):
                self.add_error("occurred_on", _("Händelsen kan inte vara äldre än ett år."))
            cleaned["occurred_at"] = occurred_at
        district = cleaned.get("district")
        affected = list(cleaned.get("affected_districts") or [])
        if district is not None and not affected:
            affected = [district]
        cleaned["affected_districts"] = affected
        if district is not None and not self.may_register(self.user, [district, *affected]):
            self.add_error(
                "district",
                _(
                    "Du kan registrera händelser som hänt i eller berör din egen "
                    "stadsdelsförvaltning. Välj den här eller bland de anhörigas."
                ),
            )
        return cleaned


class VersionedForm(forms.Form):
    """Carries the task version the page showed, to catch concurrent changes."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class TaskDoneForm(VersionedForm):
    note = _text(_("Anteckning (valfri)"), required=False)


class TaskReassignForm(VersionedForm):
    owner = forms.TypedChoiceField(
        label=_("Ansvarig person"), coerce=int, required=False, empty_value=None
    )
    owner_unit = forms.CharField(
        label=_("Ansvarig enhet eller funktion"),
        max_length=UNIT_LENGTH,
        required=False,
        error_messages={"max_length": _("Högst 200 tecken.")},
    )

    def __init__(self, *args, owners: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Ingen namngiven person")), *owners]  # type: ignore[attr-defined]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("owner") and not cleaned.get("owner_unit"):
            self.add_error("owner", _("Välj en person eller skriv en enhet."))
        return cleaned


class TaskNotApplicableForm(VersionedForm):
    reason = _text(
        _("Varför gäller uppgiften inte?"),
        required=True,
        error_messages={"required": _("Skriv varför uppgiften inte gäller.")},
    )


class TaskReopenForm(VersionedForm):
    pass


# The rarer actions, on the task's own page; the incident page holds done and reopen.
ON_TASK_PAGE = ("not-applicable", "reassign")

TASK_FORMS: dict[str, type[VersionedForm]] = {
    "done": TaskDoneForm,
    "reassign": TaskReassignForm,
    "not-applicable": TaskNotApplicableForm,
    "reopen": TaskReopenForm,
}


class TaskAddForm(forms.Form):
    fields_cacheable = True  # empty, it shows only labels and help (fragments.cached_fields)

    action = _text(
        _("Vad ska göras?"),
        required=True,
        error_messages={"required": _("Skriv vad som ska göras.")},
    )
    owner_unit = forms.CharField(
        label=_("Ansvarig enhet eller funktion"),
        max_length=UNIT_LENGTH,
        error_messages={
            "required": _("Skriv vem som ansvarar."),
            "max_length": _("Högst 200 tecken."),
        },
    )
    within_days = forms.IntegerField(
        label=_("Inom antal dagar efter händelsen"),
        required=False,
        min_value=0,
        max_value=365,
        error_messages={
            "invalid": _("Skriv ett antal dagar som en siffra."),
            "min_value": _("Antalet dagar kan inte vara negativt."),
            "max_value": _("Högst 365 dagar."),
        },
    )
    due_on = date_field(_("Eller senast datum"), required=False)
    due_time = _time_field(_("Tid"), required=False)

    def __init__(self, *args, occurred_at: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.occurred_at = occurred_at

    def clean(self):
        cleaned = super().clean()
        days, day = cleaned.get("within_days"), cleaned.get("due_on")
        if day is not None:
            time = cleaned.get("due_time") or datetime.min.time().replace(hour=16)
            cleaned["due_at"] = _at(day, time)
        elif days is not None:
            cleaned["due_at"] = self.occurred_at + timedelta(days=days)
        elif "within_days" not in self.errors and "due_on" not in self.errors:
            self.add_error("within_days", _("Ange inom hur många dagar eller ett datum."))
        return cleaned


class CloseForm(forms.Form):
    fields_cacheable = True  # a note field, empty (anhorigstod.fragments.cached_fields)
    CLOSE, REOPEN = "close", "reopen"
    change = forms.ChoiceField(choices=[(CLOSE, CLOSE), (REOPEN, REOPEN)], widget=forms.HiddenInput)
    closing_note = _text(_("Anteckning vid avslut"), required=False, rows=3)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("change") == self.CLOSE and not cleaned.get("closing_note"):
            self.add_error(
                "closing_note", _("Skriv en kort anteckning om varför händelsen avslutas.")
            )
        return cleaned
