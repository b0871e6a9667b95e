"""How a legal reference reads wherever the guidance shows it: in its current form.

Guidance text never states a paragraph of law. It names a ``LegalReference``
with the token ``[lagrum:<key>]`` and the portal shows the row as it stands
today: a rule in force by its citation, a repealed rule by the rule that
replaced it, followed by "tidigare" and the old paragraph. A row shown that
is not checked against the law in force carries an "ej kontrollerad" mark; a
token naming no row reads "(lagrum saknas)" instead of breaking the page.

The rules here are plain functions over model instances, so a test calls them
without a database or a client. ``references_for`` is the one query.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

if TYPE_CHECKING:
    from guidance.models import LegalReference

# ``[lagrum:<key>]``: the key is a LegalReference's slug.
TOKEN = re.compile(r"\[lagrum:([A-Za-z0-9_-]+)\]")


def token_keys(text: str) -> list[str]:
    """The keys the text's tokens name, each once, in order of appearance."""
    return list(dict.fromkeys(TOKEN.findall(text or "")))


def references_for(text: str) -> dict[str, "LegalReference"]:
    """Every reference the text's tokens name, fetched in one query (none without tokens)."""
    from guidance.models import LegalReference

    keys = token_keys(text)
    if not keys:
        return {}
    return LegalReference.objects.select_related("replaced_by").in_bulk(keys, field_name="key")


def is_repealed(reference: "LegalReference", today: date | None = None) -> bool:
    """True once the rule's last day (``valid_until``) lies in the past."""
    until = reference.valid_until
    return until is not None and until < (today or timezone.localdate())


def _place(reference: "LegalReference") -> str:
    return " ".join(
        part
        for part in (
            f"{reference.chapter} kap." if reference.chapter else "",
            f"{reference.section} §" if reference.section else "",
        )
        if part
    )


def running_citation(reference: "LegalReference") -> str:
    """The citation as it reads inside a sentence: chapter, section, the law in lower
    case and its SFS number in brackets."""
    law = reference.law[:1].lower() + reference.law[1:]
    return f"{_place(reference)} {law} ({reference.sfs_number})".strip()


def short_citation(reference: "LegalReference") -> str:
    """The old paragraph after "tidigare": chapter, section, the law's abbreviation
    (or its name) and its SFS number in brackets."""
    name = reference.abbreviation or reference.law[:1].lower() + reference.law[1:]
    return f"{_place(reference)} {name} ({reference.sfs_number})".strip()


@dataclass(frozen=True)
class CurrentForm:
    """A reference as the guidance shows it today.

    ``shown`` is the row the reader is sent to (the replacement of a repealed
    rule); ``earlier`` the repealed paragraph it replaced, if any.
    """

    shown: "LegalReference"
    earlier: "LegalReference | None"
    repealed: bool

    @property
    def checked(self) -> bool:
        """Checked against the law in force: a row in force that an administrator ticked."""
        return self.shown.verified and not self.repealed

    @property
    def text(self) -> str:
        if self.earlier is not None:
            return gettext("%(current)s, tidigare %(earlier)s") % {
                "current": running_citation(self.shown),
                "earlier": short_citation(self.earlier),
            }
        if self.repealed and self.shown.valid_until:
            return gettext("%(citation)s, upphävd %(until)s") % {
                "citation": running_citation(self.shown),
                "until": f"{self.shown.valid_until:%Y-%m-%d}",
            }
        return running_citation(self.shown)

    @property
    def plain(self) -> str:
        """The text with its mark, for messages that are not HTML."""
        if self.checked:
            return self.text
        return gettext("%(citation)s (ej kontrollerad)") % {"citation": self.text}


def current_form(reference: "LegalReference", today: date | None = None) -> CurrentForm:
    """A rule in force as itself; a repealed rule by its replacement, "tidigare" itself."""
    if is_repealed(reference, today) and reference.replaced_by is not None:
        replacement = reference.replaced_by
        return CurrentForm(
            shown=replacement, earlier=reference, repealed=is_repealed(replacement, today)
        )
    return CurrentForm(shown=reference, earlier=None, repealed=is_repealed(reference, today))


def unchecked_mark() -> SafeString:
    return format_html(
        '<span class="badge text-bg-warning legal-unchecked">{}</span>',
        gettext("ej kontrollerad"),
    )


def render_reference(reference: "LegalReference") -> SafeString:
    """A reference in its current form, linked to its place on the Lagrum page."""
    form = current_form(reference)
    link = format_html(
        '<a class="legal-reference-link" href="{}">{}</a>', form.shown.get_absolute_url(), form.text
    )
    if form.checked:
        return link
    return format_html("{} {}", link, unchecked_mark())


def render_missing() -> SafeString:
    return format_html(
        '<span class="legal-reference-missing">{}</span>', gettext("(lagrum saknas)")
    )


def parts(
    text: str, references: dict[str, "LegalReference"]
) -> list["str | LegalReference | None"]:
    """The text cut at its tokens: plain strings, the reference each token names,
    and ``None`` where a token names no reference."""
    result: list[str | LegalReference | None] = []
    position = 0
    for match in TOKEN.finditer(text):
        if match.start() > position:
            result.append(text[position : match.start()])
        result.append(references.get(match.group(1)))
        position = match.end()
    if position < len(text):
        result.append(text[position:])
    return result


def render_inline(text: str, references: dict[str, "LegalReference"]) -> SafeString:
    """Escaped text with each token rendered as its reference in current form."""
    rendered = []
    for part in parts(text, references):
        if isinstance(part, str):
            rendered.append(conditional_escape(part))
        elif part is None:
            rendered.append(render_missing())
        else:
            rendered.append(render_reference(part))
    return mark_safe("".join(rendered))  # noqa: S308 - every part escaped or format_html


def plain_text(text: str) -> str:
    """The text with each token as its reference's current form, for the search
    index and other places that are not HTML. A token naming no row is dropped."""
    references = references_for(text)
    return "".join(
        part if isinstance(part, str) else ("" if part is None else current_form(part).text)
        for part in parts(text or "", references)
    )
