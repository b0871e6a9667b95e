"""Post/Redirect/Get for forms with errors: the submitted data is kept in the
session for exactly one request pair.

A POST with errors stores what was typed (``stash``) and redirects; the GET
that follows takes it out again (``take``), binds the form to it and shows the
errors. Back and reload then repeat a GET, never the POST, so the browser never
asks to resubmit a form, and nothing typed is lost. The stored copy is deleted
when it is shown.
"""

from django.http import HttpRequest, QueryDict

PREFIX = "resubmit:"
SKIPPED = {"csrfmiddlewaretoken"}


def _key(*parts: object) -> str:
    return PREFIX + ":".join(str(part) for part in parts)


def stash(request: HttpRequest, *parts: object, extra: dict | None = None) -> None:
    """Keep the POST's fields (not the CSRF token) under ``parts`` until the next GET."""
    data = {name: request.POST.getlist(name) for name in request.POST if name not in SKIPPED}
    request.session[_key(*parts)] = {"data": data, "extra": extra or {}}


def take(request: HttpRequest, *parts: object) -> tuple[QueryDict, dict] | tuple[None, dict]:
    """The stashed data as a QueryDict (deleted from the session now) and its extras,
    or ``(None, {})`` when nothing was stashed."""
    stored = request.session.pop(_key(*parts), None)
    if not isinstance(stored, dict) or not isinstance(stored.get("data"), dict):
        return None, {}
    data = QueryDict(mutable=True)
    for name, values in stored["data"].items():
        if isinstance(values, list):
            data.setlist(name, [str(value) for value in values])
    data._mutable = False
    extra = stored.get("extra")
    return data, extra if isinstance(extra, dict) else {}
