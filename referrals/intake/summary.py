"""The check-your-answers page's summary: every answered step as label and value."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.intake.journey import Answers
from referrals.intake.navigation import steps_for
from referrals.intake.step import Step


@dataclass(frozen=True)
class AnswerLine:
    label: str
    value: str


def _display(field: forms.Field, value) -> str:
    if value in (None, "", [], ()):
        return "–"
    if hasattr(field, "describe"):  # a field that says its value in words
        return field.describe(value)
    if isinstance(value, bool):
        return str(_("Ja")) if value else str(_("Nej"))
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(str(item) for item in value)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = dict(field.choices)  # type: ignore[arg-type]
        if isinstance(value, list | tuple):
            return ", ".join(str(labels.get(item, item)) for item in value)
        return str(labels.get(value, value))
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value)


def describe(answers: Answers) -> list[tuple[Step, list[AnswerLine]]]:
    """Every answered step as label and readable value, for the check-your-answers page."""
    summary = []
    for step in steps_for(answers):
        cleaned = answers.step(step.slug)
        if cleaned is None:
            continue
        form = step.form(answers)
        lines = [
            AnswerLine(str(field.label), _display(field, cleaned.get(name)))
            for name, field in form.fields.items()
        ]
        summary.append((step, lines))
    return summary
