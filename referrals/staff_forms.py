"""A staff account made in one screen: name, password, role and workplace together.

The account never exists without a role: ``StaffUserAdmin`` saves the user, its
role and its workplace in the admin's one transaction (``UserAdmin.add_view``),
and the role is required. What the workplace means depends on the role
(``WORKPLACE_HELP``); ``workplace_errors`` says what is wrong with it, in
Swedish, field by field, and is a plain function so it can be tested alone.
"""

from django import forms
from django.contrib.auth.forms import AdminPasswordChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.forms import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from anhorigstod import roles
from guidance.models import District, InternalProvider
from referrals.models import StaffProfile

# The roles offered, in the order an administrator thinks of them.
ROLE_CHOICES = [
    (roles.CASEWORKER, _("Handläggare – arbetar med den anhöriga och hänvisar")),
    (roles.CONSULTANT, _("Anhörigkonsulent – tar emot hänvisningar till sin enhet")),
    (roles.MANAGER, _("Chef – registrerar allvarliga händelser och följer uppsökande arbete")),
    (roles.ADMINISTRATOR, _("Administratör – vägledningen och stödkatalogen")),
    (roles.USER_ADMINISTRATOR, _("Användaradministratör – konton och roller")),
]
ADMIN_ROLES = {roles.ADMINISTRATOR, roles.USER_ADMINISTRATOR}

WORKPLACE_HELP = _(
    "Anhörigkonsulent: den enhet vars hänvisningar personen tar emot (krävs), med "
    "stadsdelsförvaltningen för en enhet som finns per förvaltning. "
    "Handläggare: den egna enheten, om handläggaren själv tar emot hänvisningar dit; "
    "en anhörig hänvisas då aldrig till den enhet där den närståendes handläggare "
    "arbetar. Lämna annars tomt. "
    "Chef: stadsdelsförvaltningen (krävs), ingen enhet behövs. "
    "Administratör och användaradministratör: behövs inte, lämna tomt."
)


def workplace_errors(role: str, provider, district) -> dict[str, str]:
    """What is wrong with the workplace for the role, by field; empty if nothing."""
    errors: dict[str, str] = {}
    if role in ADMIN_ROLES:
        if provider is not None:
            errors["provider"] = str(
                _("En administratör tar inte emot hänvisningar. Lämna Enhet tom.")
            )
        return errors
    if role == roles.MANAGER and district is None:
        errors["district"] = str(
            _(
                "En chef registrerar händelser och följer uppsökande arbete i sin "
                "stadsdelsförvaltning. Välj förvaltningen."
            )
        )
    if role == roles.CONSULTANT and provider is None:
        errors["provider"] = str(
            _("En anhörigkonsulent tar emot hänvisningar till en enhet. Välj enheten.")
        )
    if provider is not None and provider.city_wide and district is not None:
        errors["district"] = str(
            _(
                "%(provider)s är stadsövergripande: hänvisningar dit hör inte till någon "
                "stadsdelsförvaltning. Lämna Stadsdelsförvaltning tom."
            )
            % {"provider": provider.name}
        )
    if provider is not None and not provider.city_wide and district is None:
        errors["district"] = str(
            _(
                "Hänvisningar till %(provider)s tas emot per stadsdelsförvaltning. "
                "Välj förvaltningen."
            )
            % {"provider": provider.name}
        )
    return errors


class StaffUserCreationForm(UserCreationForm):
    """Username, name, e-mail, password (Django's validators), role and workplace."""

    role = forms.ChoiceField(
        label=_("Roll"),
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("Ett konto har alltid en roll. Den avgör vad personen kan se och göra."),
    )
    provider = forms.ModelChoiceField(
        queryset=InternalProvider.objects.order_by("order", "name"),
        required=False,
        label=_("Enhet"),
        empty_label=_("Ingen enhet"),
        help_text=WORKPLACE_HELP,
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.order_by("name"),
        required=False,
        label=_("Stadsdelsförvaltning"),
        empty_label=_("Ingen (stadsövergripande)"),
        help_text=_("Var personen arbetar. Tom för en stadsövergripande enhet."),
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role:
            for field, message in workplace_errors(
                role, cleaned.get("provider"), cleaned.get("district")
            ).items():
                self.add_error(field, message)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        # Only the administrators sign in to the admin.
        user.is_staff = self.cleaned_data["role"] in ADMIN_ROLES
        if commit:
            user.save()
            self._save_m2m()
        return user

    def _save_m2m(self):
        super()._save_m2m()
        user = self.instance
        user.groups.set([Group.objects.get(name=self.cleaned_data["role"])])
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "provider": self.cleaned_data.get("provider"),
                "district": self.cleaned_data.get("district"),
            },
        )


class StaffPasswordChangeForm(AdminPasswordChangeForm):
    """Django's form, whose warning about turning password sign-in off is
    English whatever the language (it is joined to the help text at import)."""

    usable_password_help_text = _(  # type: ignore[assignment]
        "Om personen ska kunna logga in med lösenord. Det finns inget annat sätt att "
        "logga in i portalen, så lämna detta påslaget. Slås det av försvinner det "
        "nuvarande lösenordet."
    )


class WorkplaceFormSet(BaseInlineFormSet):
    """The workplace on an account's change page, checked against the role ticked on
    the same page (or, where the roles are read-only, the roles the account has)."""

    def clean(self):
        super().clean()
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", None)
            if cleaned is None or cleaned.get("DELETE"):
                continue
            for role in self._roles():
                found = workplace_errors(role, cleaned.get("provider"), cleaned.get("district"))
                for field, message in found.items():
                    form.add_error(field, message)

    def _roles(self) -> set[str]:
        if "groups" in self.data:
            posted = self.data.getlist("groups")  # type: ignore[attr-defined]
            ids = [pk for pk in posted if str(pk).isdigit()]
            names = Group.objects.filter(pk__in=ids).values_list("name", flat=True)
        else:
            names = self.instance.groups.values_list("name", flat=True)
        return set(names) & {role for role, _label in ROLE_CHOICES}
