"""Rendered fragments kept in the cache under a key made of everything they show.

A filter form of five or six select boxes costs 10–15 ms to render through
crispy-forms and Django's widget templates (one template per option), on every
view of the directory and the inbox, although it is the same HTML for everyone
who asks with the same filter. ``cached_form`` renders it once and keeps it.

The cache is each server's own memory (``CACHES``), so nothing is invalidated
by signals, which would reach only the server that saved. The key is made of
everything the HTML shows instead: the template, the language, the filter as
submitted (the form's own fields only, sorted) and every option of every select
box as read from the database for this request. A renamed district or a new
target group, from the admin or the loader, gives a new key on every server at
once; so does a deletion, which a "latest change" timestamp would miss.

A filter with errors is rendered afresh, never cached, so its messages show.
The fragments hold guidance, fixed choices and list rows without names or free
text (``rows_version``), never personal data.
"""

import hashlib
import re
from collections.abc import Iterable
from typing import cast

from django import forms
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Long enough to serve a busy hour's views of a filter; the key, not the timeout,
# keeps the HTML right.
FRAGMENT_TIMEOUT = 60 * 60


def _materialise_choices(form: forms.Form) -> list[tuple[str, tuple]]:
    """Each select box's options, read once and kept on the field.

    A ``ModelChoiceField`` reads its queryset whenever its options are listed;
    stored as a list, the options read here for the key are the ones rendered,
    and the database is asked once per box as before.
    """
    options = []
    for name, field in form.fields.items():
        if isinstance(field, forms.ChoiceField):
            # Through iter(): list() would first ask a ModelChoiceField's options
            # for their length, which is a COUNT query of its own.
            choices = list(iter(cast(Iterable[tuple], field.choices)))
            field.choices = choices
            options.append((name, tuple((str(value), str(label)) for value, label in choices)))
    return options


def form_key(form: forms.Form, *, template_name: str, options: list) -> str:
    """A digest of everything the rendered form shows."""
    data = form.data if form.is_bound else {}
    submitted = sorted(
        (name, tuple(data.getlist(form.add_prefix(name))) if hasattr(data, "getlist") else ())
        for name in form.fields
    )
    parts = [template_name, get_language(), form.is_bound, submitted, options]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"fragment:form:{digest}"


def cached_form(form: forms.Form, *, template_name: str) -> SafeString:
    """``form`` rendered through ``template_name`` (as ``filter_form``), cached when valid."""
    context = {"filter_form": form}
    if form.is_bound and not form.is_valid():
        return mark_safe(render_to_string(template_name, context))  # noqa: S308
    key = form_key(form, template_name=template_name, options=_materialise_choices(form))
    html = cache.get(key)
    if html is None:
        html = render_to_string(template_name, context)
        cache.set(key, html, FRAGMENT_TIMEOUT)
    return mark_safe(html)  # noqa: S308 (rendered by the template engine, escaped there)


# --- A form's visible fields ------------------------------------------------------
# The referral page shows up to six small forms (accept, decline, book a first talk,
# a session...), each field 1.5–2.5 ms through crispy-forms: half the page. Empty,
# they are the same HTML for every referral that offers them.

FIELDS_TEMPLATE = "_visible_fields.html"


# A form's prefix shows only in its fields' names and ids (the incident page's add-task
# forms carry their plan's). The fields are kept once for every prefix, the prefix
# written as a mark where a name or an id begins (after a quote, or after "id_").
PREFIX_MARK = "__prefix__"


def _marked(text: str, prefix: str | None) -> str:
    if not prefix:
        return text
    return re.sub(r'(?<=["_])' + re.escape(f"{prefix}-"), f"{PREFIX_MARK}-", text)


def fields_key(form: forms.Form) -> str:
    """A digest of everything an unbound form's visible fields show, its prefix aside."""
    fields = [
        (
            bound.name,
            str(bound.label),
            str(bound.help_text),
            bound.field.required,
            bound.field.disabled,
            type(bound.field.widget).__name__,
            sorted((str(k), str(v)) for k, v in bound.field.widget.attrs.items()),
            str(bound.value()),
        )
        for bound in form.visible_fields()
    ]
    # Names and ids are the field's name behind the prefix, in the form's id format.
    naming = [form.auto_id, bool(form.prefix)]
    parts = [type(form).__qualname__, type(form).__module__, get_language(), naming, fields]
    options = _materialise_choices(form)
    digest = hashlib.sha256(repr([*parts, options]).encode()).hexdigest()[:40]
    return f"fragment:fields:{digest}"


def cached_fields(form: forms.Form) -> SafeString:
    """``form``'s visible fields through crispy-forms. Kept in the cache only for an
    unbound form whose class says its fields show no personal data
    (``fields_cacheable = True``): a bound one carries what was typed and its errors."""
    context = {"form": form}
    if form.is_bound or not getattr(form, "fields_cacheable", False):
        return mark_safe(render_to_string(FIELDS_TEMPLATE, context))  # noqa: S308
    key = fields_key(form)
    marked = cache.get(key)
    if marked is None:
        marked = _marked(render_to_string(FIELDS_TEMPLATE, context), form.prefix)
        cache.set(key, marked, FRAGMENT_TIMEOUT)
    html = marked.replace(f"{PREFIX_MARK}-", f"{form.prefix}-") if form.prefix else marked
    return mark_safe(html)  # noqa: S308 (rendered by the template engine, escaped there)


# --- Rows of a list -------------------------------------------------------------------
# A list's rows are rendered once for as long as they show the same; only rows that hold
# no names and no free text are kept (the incident list's incidents). Read with
# ``.only(*fields)``, a row can show nothing but those fields (anything else would be
# another query, which the query-count tests catch), so a digest of them, and of what
# the page works out from them, is everything the rendered rows can show.

ROWS_KEPT_SECONDS = 10 * 60


def _field_value(row, path: str):
    value = row
    for name in path.split("__"):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def rows_version(rows: Iterable, fields: Iterable[str], worked_out=lambda row: ()) -> str:
    """A digest of everything ``rows``, read with ``.only(*fields)``, can show: each
    row's key and fields, what ``worked_out(row)`` gives (an annotation, a flag made
    from the time) and the language."""
    fields = tuple(fields)
    parts = [
        get_language(),
        fields,
        [(row.pk, [_field_value(row, path) for path in fields], worked_out(row)) for row in rows],
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
