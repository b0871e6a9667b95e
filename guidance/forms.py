from django import forms
from django.utils.translation import gettext_lazy as _

from guidance import models as m

# Select boxes for the guidance's own lists, chosen by key. A filter reads only what
# an option shows (the guidance text columns are long); a form that uses the chosen
# object further passes the whole queryset.


def district_choice(*, queryset=None, **options) -> forms.ModelChoiceField:
    options.setdefault("label", _("Stadsdelsförvaltning"))
    queryset = m.District.objects.only("key", "name") if queryset is None else queryset
    return forms.ModelChoiceField(queryset=queryset, to_field_name="key", **options)


def target_group_choice(*, queryset=None, **options) -> forms.ModelChoiceField:
    options.setdefault("label", _("Målgrupp"))
    queryset = m.TargetGroup.objects.only("key", "name", "order") if queryset is None else queryset
    return forms.ModelChoiceField(queryset=queryset, to_field_name="key", **options)


def entry_route_choice(*, queryset=None, **options) -> forms.ModelChoiceField:
    options.setdefault("label", _("Ingång"))
    queryset = m.EntryRoute.objects.only("key", "name", "order") if queryset is None else queryset
    return forms.ModelChoiceField(queryset=queryset, to_field_name="key", **options)


class DirectoryFilterForm(forms.Form):
    """The directory's filters; every state has a plain, shareable URL (GET).

    The select boxes read only what an option shows: the guidance text columns
    of a target group or district are long and were read on every page view.
    """

    target_group = target_group_choice(required=False, empty_label=_("Alla målgrupper"))
    category = forms.ChoiceField(
        label=_("Kategori"),
        choices=[("", _("Alla kategorier")), *m.Organisation.Category.choices],
        required=False,
    )
    district = district_choice(required=False, empty_label=_("Hela staden"))
    language = forms.ModelChoiceField(
        label=_("Språk"),
        queryset=m.Language.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Alla språk"),
    )
    children = forms.BooleanField(label=_("Tar emot barn"), required=False)

    def filters(self) -> dict:
        """Selector arguments from the fields that are valid; an invalid one filters nothing."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "target_group": data.get("target_group"),
            "category": data.get("category", ""),
            "district": data.get("district"),
            "language": data.get("language"),
            "children": bool(data.get("children")),
        }


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Sök i vägledningen"), max_length=200, required=False)
