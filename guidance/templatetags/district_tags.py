"""How a district and the guidance's owner are written on a page.

``authority_name`` gives a district's administration its proper name in the
genitive ("Södermalms stadsdelsförvaltning", "Farsta stadsdelsförvaltning");
``tel_href`` turns a printed phone number into a ``tel:`` link; the
``content_owner_line`` tag says who answers for the guidance, in the footer of every
guidance page (``selectors.content_owner``).
"""

from django import template

from guidance import selectors, validators

register = template.Library()

# Without an owner the footer names the publisher of the stödmaterial, as the
# seed documents give it, and no mailbox.
PUBLISHER_OF_THE_GUIDANCE = "Socialförvaltningen, Stockholms stad"

_VOWELS = "aeiouyåäöé"


@register.filter
def authority_name(name: str) -> str:
    """The district's administration in the genitive, as the city writes it.

    A name ending in a consonant takes an -s (Södermalms, Skärholmens,
    Enskede-Årsta-Vantörs); one ending in a vowel or an s-sound does not
    (Farsta, Rinkeby-Kista, Spånga-Tensta stadsdelsförvaltning).
    """
    name = (name or "").strip()
    if not name:
        return "stadsdelsförvaltningen"
    last = name[-1].lower()
    genitive = name if last in _VOWELS or last in "sxz" else f"{name}s"
    return f"{genitive} stadsdelsförvaltning"


@register.filter
def tel_href(phone: str) -> str:
    """``tel:`` followed by the digits of the number (and a leading +)."""
    return validators.tel_href(phone or "")


@register.inclusion_tag("guidance/_content_owner.html")
def content_owner_line() -> dict:
    return {"owner": selectors.content_owner(), "publisher": PUBLISHER_OF_THE_GUIDANCE}


@register.simple_tag
def district_reach(district) -> dict:
    """What the handout needs to say how to reach the relative's district again."""
    found = selectors.district_phone(district=district)
    reception, phone, via_city = found or ("", "", False)
    return {
        "authority": authority_name(district.name),
        "reception": reception,
        "phone": phone,
        "via_city": via_city,
    }
