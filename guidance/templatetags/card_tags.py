"""The directory card's cache key (``guidance.cards``)."""

from django import template

from guidance import cards

register = template.Library()


@register.simple_tag
def card_version(service) -> str:
    """``{% card_version service as version %}``: changes whenever the card would."""
    return cards.card_version(service)
