"""What a step of the guided path is: everything the pages and submit need to know
about it, so that neither the view, the template nor the submit service asks which
step it is.

The steps themselves, in order, are ``referrals.intake.journey.STEPS``.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms

from referrals.fields import YesNoField

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from referrals.intake.journey import Answers

# The template a step's page includes for its questions. A step that shows more
# extends it (see the blocks in the template) and names its own.
FORM_TEMPLATE = "referrals/steps/_form.html"


@dataclass(frozen=True)
class GuidanceLink:
    label: "str | _StrPromise"
    url_name: str
    key: str | None = None


@dataclass(frozen=True)
class ContactField:
    """A field of the submitted contact and the answer it comes from: the step's
    answer of the same name, unless ``value`` works it out from the step's answers."""

    name: str
    value: Callable[[Mapping[str, Any]], Any] | None = None

    def from_answers(self, cleaned: Mapping[str, Any]) -> Any:
        return cleaned[self.name] if self.value is None else self.value(cleaned)


def copied(*names: str) -> tuple[ContactField, ...]:
    """Contact fields that take the step's answer of the same name as it is."""
    return tuple(ContactField(name) for name in names)


def no_context(answers: "Answers", form: forms.Form) -> dict[str, Any]:
    return {}


def always(answers: "Answers") -> bool:
    return True


@dataclass(frozen=True)
class Step:
    """One page of the guided path.

    ``template`` shows the step's questions (and whatever the step shows around
    them), ``extra_context`` gives that template what it needs beyond the form,
    ``contact_fields`` says which of the contact's fields submit fills from the
    step's answers, ``guard`` is the checkpoint that must pass before the path
    goes on, and ``applies`` says from the earlier answers whether the situation
    calls for the step at all (a step that does not apply is neither shown in
    the progress list, asked, checked nor submitted).
    """

    slug: str
    title: "str | _StrPromise"
    form_class: type[forms.Form]
    intro: "str | _StrPromise" = ""
    guidance: tuple[GuidanceLink, ...] = ()
    guard: Callable | None = None
    form_kwargs: Callable[["Answers"], dict] = field(default=lambda answers: {})
    template: str = FORM_TEMPLATE
    extra_context: Callable[["Answers", forms.Form], dict[str, Any]] = no_context
    contact_fields: tuple[ContactField, ...] = ()
    applies: Callable[["Answers"], bool] = always

    def form(self, answers: "Answers", **kwargs) -> forms.Form:
        return self.form_class(**kwargs, **self.form_kwargs(answers))

    def raw_answers(self, form: forms.Form, post) -> dict:
        """What to store for this step: each field's value as its widget reads it, but a
        yes/no answer as the boolean it cleans to (``form`` is valid here)."""
        return {
            name: form.cleaned_data[name]
            if isinstance(bound_field.field, YesNoField)
            else bound_field.field.widget.value_from_datadict(post, {}, bound_field.html_name)
            for name, bound_field in ((name, form[name]) for name in form.fields)
        }

    def contact_values(self, cleaned: Mapping[str, Any]) -> dict[str, Any]:
        """The contact's fields as this step's (cleaned) answers fill them at submit."""
        return {each.name: each.from_answers(cleaned) for each in self.contact_fields}
