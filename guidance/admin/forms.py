"""The admin forms of the external support directory.

What the forms add to the models' own validation:

- the key: left empty on creation it is made from the name ("Anhöriggruppen
  Farsta" → "anhoriggruppen-farsta", then -2, -3 … if taken); after creation
  the admin shows it read-only, since it is the fixture's natural key and the
  anchor in links;
- the source: a new entry need not name a source document; the admin then
  credits it to "Tillagd av administratör" (``guidance.sourcing``);
- names: the exact duplicate of an organisation's name is refused; a name
  close to another one is a warning the administrator confirms with
  "Spara ändå", a checkbox that appears with the warning.
"""

from collections.abc import Iterable

from django import forms
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from guidance import models as m
from guidance.validators import names_are_same, names_are_similar, validate_web_url

KEY_MAX_LENGTH = 80
KEY_HELP_TEXT = _(
    "Lämna tomt: nyckeln skapas av namnet. Den används i länkar och kan inte ändras "
    "när posten är sparad."
)


def key_from_name(name: str, *, model: type[models.Model], taken: Iterable[str] = ()) -> str:
    """A free key made from a name: å, ä, ö become a, a, o; -2, -3 … on a collision."""
    base = slugify(name)[: KEY_MAX_LENGTH - 4].strip("-") or model._meta.model_name or "post"
    taken = set(taken)
    existing = set(
        model._default_manager.filter(key__startswith=base).values_list("key", flat=True)
    )
    candidate, number = base, 1
    while candidate in existing or candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class DirectoryEntryForm(forms.ModelForm):
    """What the organisation and service forms share: key, source, similar names."""

    confirm_similar_name = forms.BooleanField(
        label=_("Spara ändå"),
        required=False,
        widget=forms.HiddenInput,
        help_text=_("Kryssa i om posten ska sparas trots att ett liknande namn finns."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("url", "website"):
            if name in self.fields:
                # One message for every bad address, ftp:// included.
                self.fields[name].validators = [validate_web_url]
                self.fields[name].error_messages["invalid"] = validate_web_url.message
        if self.instance._state.adding:
            for name in ("key", "source_document", "source_section"):
                if name in self.fields:
                    self.fields[name].required = False
            if "key" in self.fields:
                self.fields["key"].help_text = KEY_HELP_TEXT
                # clean_key makes a slug of what is typed; the model checks the result.
                self.fields["key"].validators = []
            if "source_document" in self.fields:
                self.fields["source_document"].help_text = _(
                    "Lämna tomt för en post du lägger till: källan blir då "
                    "”Tillagd av administratör”, med ditt namn och dagens datum."
                )

    def clean_key(self):
        # A typed "Anhöriggruppen Farsta" is made into a key rather than refused.
        return slugify(self.cleaned_data.get("key") or "")

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding:
            self._key_from_name(cleaned)
            if cleaned.get("source_document") and not cleaned.get("source_section"):
                self.add_error(
                    "source_section",
                    _("Ange avsnittet i källdokumentet, eller lämna båda fälten tomma."),
                )
        self._check_similar_names(cleaned)
        return cleaned

    def _key_from_name(self, cleaned) -> None:
        if "key" in self.fields and not cleaned.get("key") and cleaned.get("name"):
            cleaned["key"] = key_from_name(cleaned["name"], model=self._meta.model)

    # --- similar names

    def names_to_compare(self, cleaned) -> models.QuerySet:
        raise NotImplementedError

    def refuse_exact_duplicate(self) -> bool:
        return False

    def _check_similar_names(self, cleaned) -> None:
        name = cleaned.get("name")
        if not name:
            return
        others = self.names_to_compare(cleaned)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        names = list(others.values_list("name", flat=True))
        same = [other for other in names if names_are_same(name, other)]
        if same and self.refuse_exact_duplicate():
            self.add_error("name", _("”%(name)s” finns redan.") % {"name": same[0]})
            return
        similar = same or [other for other in names if names_are_similar(name, other)]
        if similar and not cleaned.get("confirm_similar_name"):
            self.fields["confirm_similar_name"].widget = forms.CheckboxInput()
            self.add_error(
                "name",
                _(
                    "Det finns redan ett liknande namn: ”%(other)s”. Kontrollera att det inte "
                    "är samma. Ska posten ändå sparas, kryssa i ”Spara ändå” och spara igen."
                )
                % {"other": similar[0]},
            )


class OrganisationAdminForm(DirectoryEntryForm):
    class Meta:
        model = m.Organisation
        fields = [
            "name", "category", "description", "website",
            "key", "source_document", "source_section", "editor_note",
        ]  # fmt: skip

    def names_to_compare(self, cleaned):
        return m.Organisation.objects.all()

    def refuse_exact_duplicate(self) -> bool:
        return True


class ServiceAdminForm(DirectoryEntryForm):
    """Services are compared with the other services of the same organisation."""

    class Meta:
        model = m.Service
        fields = [
            "organisation", "name", "description",
            "target_groups", "who_it_helps", "eligibility", "serves_children",
            "minimum_age", "maximum_age", "languages", "districts",
            "phone", "email", "url", "opening_hours", "access", "anonymous_possible",
            "contact_details_source",
            "status", "closed_on", "closure_reason", "reopens_on", "todo_note",
            "key", "source_document", "source_section", "editor_note",
        ]  # fmt: skip

    def names_to_compare(self, cleaned):
        organisation = cleaned.get("organisation")
        if organisation is None:
            return m.Service.objects.none()
        return m.Service.objects.filter(organisation=organisation)


class ServiceInlineFormSet(forms.BaseInlineFormSet):
    """New services added on the organisation page get a key from their name.

    Keys are handed out here, over all the new rows at once, so that two new
    services with the same name get "-2" rather than a database error.
    """

    def clean(self):
        super().clean()
        taken: set[str] = set()
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or self._should_delete_form(form):
                continue
            instance = form.instance
            if instance._state.adding and not instance.key and instance.name:
                instance.key = key_from_name(instance.name, model=m.Service, taken=taken)
            taken.add(instance.key)
