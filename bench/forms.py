"""Filling in a page's form as a person in a browser would, for the walks.

A walk reads only the HTML a browser gets. Rather than knowing each form's field
names, the outreach walks find a form by where it posts (``find``) and submit what
a browser would send (``submitted``): hidden and pre-filled values as they are,
ticked boxes, the chosen option; where nothing is chosen yet, the choice a person
would make (their own district, else the first real option); required fields left
empty get a plausible value for their type (a date, a time, a few words).
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.utils import timezone
from django.utils.text import slugify

Data = dict[str, str | list[str]]


@dataclass
class Field:
    tag: str  # input, select, textarea, button
    type: str
    name: str
    value: str = ""
    checked: bool = False
    required: bool = False
    multiple: bool = False
    label: str = ""  # a box's or radio's: the text of the label around it
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # value, label, selected


@dataclass
class Form:
    action: str  # the path it posts to, resolved against the page's
    method: str
    fields: list[Field] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.option: list | None = None  # [value, label parts, selected]
        self.textarea: Field | None = None
        self.labelled: Field | None = None  # the box whose label text follows

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page_path, values.get("action", ""))).path
            self.form = Form(action, values.get("method", "get").lower())
            self.forms.append(self.form)
        elif self.form is not None and values.get("name"):
            self._field(tag, values)
        elif tag == "option" and self.select is not None:
            self._end_option()
            self.option = [values.get("value"), [], "selected" in values]

    def _field(self, tag: str, values: dict[str, str]) -> None:
        assert self.form is not None
        kind = values.get("type", "submit" if tag == "button" else "text").lower()
        if tag not in {"input", "select", "textarea", "button"}:
            return
        item = Field(
            tag,
            kind if tag in {"input", "button"} else tag,
            values["name"],
            values.get("value", ""),
            checked="checked" in values,
            required="required" in values,
            multiple="multiple" in values,
        )
        self.form.fields.append(item)
        self.select = item if tag == "select" else None
        self.textarea = item if tag == "textarea" else None
        self.labelled = item if item.type in {"checkbox", "radio"} else None

    def _end_option(self) -> None:
        if self.option is not None and self.select is not None:
            value, label, selected = self.option
            text = " ".join("".join(label).split())
            self.select.options.append((text if value is None else value, text, selected))
        self.option = None

    def handle_data(self, data: str) -> None:
        if self.option is not None:
            self.option[1].append(data)
        elif self.textarea is not None:
            self.textarea.value += data
        elif self.labelled is not None:
            self.labelled.label += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag in {"option", "select"}:
            self._end_option()
            if tag == "select":
                self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "label":
            self.labelled = None


def find(html: str, page_path: str, action: str) -> Form | None:
    """The first form on the page that posts to a path matching the regex ``action``
    (a form without an action posts to the page's own path)."""
    parser = _Parser(page_path)
    parser.feed(html)
    parser.close()
    pattern = re.compile(action)
    for form in parser.forms:
        if form.method == "post" and pattern.search(form.action):
            return form
    return None


def _matches(value: str, label: str, prefer: str) -> bool:
    return bool(prefer) and prefer in {value, slugify(label)}


def _empty_value(item: Field, text: str) -> str:
    """What a person types into a required field left empty: for a moment, two hours
    ago, but not before today began, since a page fills in today's date itself (the
    registration form): just after midnight, yesterday's hour on today's date would be
    a time still to come."""
    now = timezone.localtime()
    when = max(now - timedelta(hours=2), now.replace(hour=0, minute=0, second=0, microsecond=0))
    kind = item.type if item.type != "text" else item.name
    if "datetime" in kind:
        return f"{when:%Y-%m-%dT%H:%M}"
    if "date" in kind:
        return f"{when:%Y-%m-%d}"
    if "time" in kind:
        return f"{when:%H:%M}"
    if item.type == "number":
        return "1"
    return text


def _chosen(item: Field, prefer: str) -> list[str]:
    """The selected options (an empty one, "---------", does not count); else the
    preferred one; else what a browser sends (the first option), or the first real one
    where an empty choice will not do."""
    chosen = [value for value, _label, selected in item.options if selected and value]
    if chosen:
        return chosen
    preferred = [value for value, label, _s in item.options if _matches(value, label, prefer)]
    if preferred or item.multiple:
        return preferred[:1]
    first = item.options[0][0] if item.options else ""
    if first or not item.required:
        return [first]
    return [value for value, _label, _s in item.options if value][:1]


def _groups(form: Form, kind: str) -> dict[str, list[Field]]:
    groups: dict[str, list[Field]] = {}
    for item in form.fields:
        if item.type == kind:
            groups.setdefault(item.name, []).append(item)
    return groups


def _boxes(form: Form, prefer: str) -> Data:
    """Ticked boxes and radios; a radio group (or a box among several) nobody has ticked
    gets the preferred one, or for a radio group the first."""
    data: Data = {}
    for name, items in _groups(form, "checkbox").items():
        ticked = [i.value or "on" for i in items if i.checked]
        if not ticked and len(items) > 1:
            ticked = [i.value for i in items if _matches(i.value, i.label.strip(), prefer)][:1]
        if ticked:
            data[name] = ticked
    for name, items in _groups(form, "radio").items():
        ticked = [i.value for i in items if i.checked]
        preferred = [i.value for i in items if _matches(i.value, i.label.strip(), prefer)]
        data[name] = (ticked or preferred or [items[0].value])[0]
    return data


def submitted(form: Form, *, prefer: str = "", text: str = "Benchmark", fill=None) -> Data:
    """What a browser sends when a person submits ``form`` with the first submit
    button, choosing ``prefer`` (an option's value or its label's slug, for example a
    district's key) where nothing is chosen yet; ``fill`` overrides by name."""
    data: Data = {}
    button = False
    for item in form.fields:
        if item.type in {"checkbox", "radio"}:
            continue
        if item.type == "submit":
            if not button:
                data[item.name], button = item.value, True
            continue
        if item.tag == "select":
            chosen = _chosen(item, prefer)
            data[item.name] = chosen if item.multiple else (chosen or [""])[0]
            continue
        value = item.value.strip("\n") if item.tag == "textarea" else item.value
        data[item.name] = value or (_empty_value(item, text) if item.required else "")
    data.update(_boxes(form, prefer))
    for name in data:
        if name.endswith("start_token"):
            data[name] = str(uuid.uuid4())  # a fresh visit, not a resubmission
    data.update(fill or {})
    return data
