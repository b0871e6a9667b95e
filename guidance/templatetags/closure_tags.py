"""How a closed or temporarily closed service is shown (``guidance.closure``)."""

from django import template

from guidance import closure

register = template.Library()


@register.filter
def closure_notice(service) -> str:
    """ "Tjänsten är nedlagd sedan …" / "Tillfälligt stängd, väntas öppna …"; empty when active."""
    return closure.notice(service) if service is not None else ""


@register.simple_tag
def district_instead(district) -> dict[str, str]:
    """Whom the relative contacts instead of a closed service: the district's reception."""
    return closure.district_contact(district)
