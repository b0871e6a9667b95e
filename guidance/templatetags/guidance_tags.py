from itertools import groupby

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from guidance import legal

register = template.Library()


@register.filter
def guidance_text(text: str) -> str:
    """Plain guidance text as HTML: blank-line paragraphs and "- " bullet lists.

    Everything is escaped; the fixtures and the admin hold text, never markup.
    A ``[lagrum:<key>]`` token becomes the reference in its current form; the
    references a text names are fetched in one query.
    """
    text = (text or "").replace("\r\n", "\n")
    references = legal.references_for(text)

    def inline(line: str) -> SafeString:
        return legal.render_inline(line, references)

    blocks = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        # Consecutive "- " lines form one list; other runs form one paragraph.
        for is_list, group in groupby(lines, key=lambda line: line.startswith("- ")):
            run = list(group)
            if is_list:
                items = format_html_join("", "<li>{}</li>", ((inline(line[2:]),) for line in run))
                blocks.append(format_html("<ul>{}</ul>", items))
            else:
                blocks.append(format_html("<p>{}</p>", inline(" ".join(run))))
    return mark_safe("\n".join(blocks))  # noqa: S308 - every part built by format_html


@register.simple_tag
def legal_reference(reference) -> SafeString:
    """A LegalReference in its current form, linked, with its "ej kontrollerad" mark."""
    return legal.render_reference(reference)


@register.simple_tag(takes_context=True)
def print_url(context) -> str:
    """The current page's URL with its print view switched on."""
    request = context["request"]
    query = request.GET.copy()
    query["print"] = "1"
    return f"{request.path}?{query.urlencode()}"
