"""The relative's handout: which language it is printed in, and where the
child's version takes Bris from. Plain functions; the page itself is ``pages.render_handout``.

The languages are ``settings.HANDOUT_LANGUAGES`` (see docs/adr/0010-handout-languages.md):
Swedish, easy-to-read Swedish and English, each a catalogue in ``locale/``.
"""

from django.conf import settings

from guidance.models import Service
from referrals.models import Contact

# The directory's entry for Bris's support line for children and young people.
BRIS_SERVICE_KEY = "bris-stodlinje"
DEFAULT_LANGUAGE = "sv"


def language_codes() -> list[str]:
    return [code for code, _name in settings.HANDOUT_LANGUAGES]


def handout_language(requested: str | None, contact: Contact) -> str:
    """The language asked for (the page's select), else the one the contact's handout
    was last printed in, else Swedish. Anything not offered is ignored."""
    offered = language_codes()
    for code in (requested, contact.handout_language):
        if code in offered:
            return code
    return DEFAULT_LANGUAGE


def bris_service() -> Service | None:
    """Bris's support line from the directory, where the child handout takes its number."""
    return Service.objects.select_related("organisation").filter(key=BRIS_SERVICE_KEY).first()
