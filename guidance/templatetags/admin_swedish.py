"""Swedish where third-party admin templates print internal names."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

register = template.Library()


@register.filter
def field_label(record, name: str) -> str:
    """``{{ record|field_label:"phone" }}`` → "Telefon": a field of a history
    record's model by its verbose name; the name itself if it has none."""
    try:
        field = record.instance_type._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):
        return name
    return capfirst(getattr(field, "verbose_name", name))
