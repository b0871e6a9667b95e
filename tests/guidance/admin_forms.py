"""Post an admin change form back as the administrator would, changing some fields."""


def _value(bound_field):
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return value


def form_data(form) -> dict:
    data = {}
    for bound_field in form:
        value = _value(bound_field)
        if value == "" and isinstance(bound_field.field.initial, bool):
            continue
        if value != "":
            data[bound_field.html_name] = value
    return data


def change_form_data(response, **changes) -> dict:
    """Everything the change page's form and inlines hold, with ``changes``."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    data.update(changes)
    return data
