"""``{% visible_fields form %}``: a form's visible fields, rendered once while they
show the same (``anhorigstod.fragments.cached_fields``)."""

from django import forms, template
from django.utils.safestring import SafeString

from anhorigstod.fragments import cached_fields

register = template.Library()


@register.simple_tag
def visible_fields(form: forms.Form) -> SafeString:
    return cached_fields(form)
