"""Horizontal bar charts as inline SVG, drawn on the server.

No script and no ``style``: the Content-Security-Policy allows neither, so
every size and colour is an SVG presentation attribute. The chart is one
image (``role="img"`` with an ``aria-label``); the table beside it carries the
figures for assistive technology. A suppressed count draws no bar, only "<5".
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from referrals.statistics.tables import Table

register = template.Library()

WIDTH = 560  # viewBox units; the SVG scales to its column
BAR_SPACE = 480  # the longest bar; the rest holds its value
ROW_HEIGHT = 44
LABEL_SIZE = 14
BAR_HEIGHT = 16
BAR_COLOUR = "#002d5a"  # Stockholm blue, as in app.css
TEXT_COLOUR = "#212529"


def bar_width(count: int | None, largest: int) -> int:
    """Bar length for a count; none for a suppressed count, zero or an empty table."""
    if not count or not largest:
        return 0
    return max(1, round(BAR_SPACE * count / largest))


@register.simple_tag
def bar_chart(table: Table) -> str:
    height = ROW_HEIGHT * len(table.rows)
    parts = []
    for index, row in enumerate(table.rows):
        top = index * ROW_HEIGHT
        bar_top = top + LABEL_SIZE + 6
        width = bar_width(row.count, table.largest)
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="{}" fill="{}">{}</text>',
                top + LABEL_SIZE,
                LABEL_SIZE,
                TEXT_COLOUR,
                row.label,
            )
        )
        if width:
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="{}" fill="{}"></rect>',
                    bar_top,
                    width,
                    BAR_HEIGHT,
                    BAR_COLOUR,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                width + 6,
                bar_top + BAR_HEIGHT - 3,
                LABEL_SIZE,
                TEXT_COLOUR,
                row.display,
            )
        )
    label = _("Stapeldiagram: %(title)s, %(unit)s. Siffrorna finns i tabellen.") % {
        "title": table.title,
        "unit": str(table.unit).lower(),
    }
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="statistics-chart" viewBox="0 0 {} {}" '
        'width="100%" role="img" aria-label="{}" focusable="false">{}</svg>',
        WIDTH,
        height,
        label,
        format_html_join("", "{}", ((part,) for part in parts)),
    )
