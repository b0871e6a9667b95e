"""Visit every web address the guidance and the directory give, and record how
each answered.

``collect_urls`` reads the addresses (URL fields, and http(s) addresses inside
guidance text), ``check_url`` visits one (HEAD, then GET when HEAD fails or is
refused), ``check_all`` visits them a few at a time, and ``record`` keeps one
``LinkCheck`` per address. Only the standard library is used, so the command
runs wherever the portal runs; a network that reaches nothing gives
"kunde inte nås" for each address, never an error.
"""

import http.client
import re
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from guidance import models as m

URL_PATTERN = re.compile(r"https?://[^\s<>\"'()\[\]]+")
TRAILING_PUNCTUATION = ".,;:!?"
USER_AGENT = "Anhorigstod-lankkontroll/1.0 (+https://www.stockholm.se/)"
# Fields that are notes for administrators, not guidance.
SKIPPED_TEXT_FIELDS = {"editor_note", "key", "source_section", "locally_edited"}

Result = m.LinkCheck.Result


@dataclass(frozen=True)
class LinkOutcome:
    url: str
    result: str
    status_code: int | None = None
    final_url: str = ""
    detail: str = ""


def _checked_models() -> list[type[models.Model]]:
    guidance_items = [
        model
        for model in apps.get_app_config("guidance").get_models()
        if issubclass(model, m.GuidanceItem)
    ]
    return [m.SourceDocument, *guidance_items]


def urls_in_text(text: str) -> list[str]:
    return [match.rstrip(TRAILING_PUNCTUATION) for match in URL_PATTERN.findall(text or "")]


def _urls_of(obj, fields) -> Iterable[str]:
    for field in fields:
        value = getattr(obj, field.attname) or ""
        if isinstance(field, models.URLField):
            if value:
                yield value
        else:
            yield from urls_in_text(value)


def collect_urls() -> dict[str, list[str]]:
    """Every web address given, with the items (``model:key``) that give it."""
    used_by: dict[str, list[str]] = defaultdict(list)
    for model in _checked_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
            and f.name not in SKIPPED_TEXT_FIELDS
        ]
        for obj in model._default_manager.only("pk", *(f.attname for f in fields)):
            label = f"{model._meta.model_name}:{getattr(obj, 'key', obj.pk)}"
            for url in _urls_of(obj, fields):
                if label not in used_by[url]:
                    used_by[url].append(label)
    return dict(sorted(used_by.items()))


def _request(url: str, method: str, timeout: float):
    if not url.startswith(("http://", "https://")):
        raise ValueError("bara http- och https-adresser besöks")
    headers = {"User-Agent": USER_AGENT}
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310 - checked above
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - checked above


def _visit(url: str, method: str, timeout: float) -> LinkOutcome:
    try:
        with _request(url, method, timeout) as response:
            final_url = response.geturl()
            result = Result.OK if final_url == url else Result.REDIRECTED
            return LinkOutcome(url, result, response.status, final_url)
    except urllib.error.HTTPError as error:
        return LinkOutcome(url, Result.BROKEN, error.code, error.geturl() or "", str(error.reason))
    except (OSError, http.client.HTTPException, ValueError) as error:
        # URLError (no such host, refused), timeouts and broken answers alike.
        reason = getattr(error, "reason", error)
        return LinkOutcome(url, Result.UNREACHABLE, detail=f"kunde inte nås: {reason}"[:300])


def check_url(url: str, *, timeout: float = 10.0) -> LinkOutcome:
    """HEAD first; GET when HEAD fails or the server refuses HEAD."""
    outcome = _visit(url, "HEAD", timeout)
    if outcome.result in (Result.OK, Result.REDIRECTED):
        return outcome
    return _visit(url, "GET", timeout)


def check_all(urls: Iterable[str], *, timeout: float = 10.0, workers: int = 4) -> list[LinkOutcome]:
    """Visit the addresses a few at a time; the results come in the order given."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda url: check_url(url, timeout=timeout), urls))


def record(outcomes: Iterable[LinkOutcome], used_by: dict[str, list[str]]) -> int:
    """One ``LinkCheck`` per address; addresses no longer given are dropped."""
    now = timezone.now()
    outcomes = list(outcomes)
    with transaction.atomic():
        for outcome in outcomes:
            m.LinkCheck.objects.update_or_create(
                url=outcome.url,
                defaults={
                    "result": outcome.result,
                    "status_code": outcome.status_code,
                    "final_url": outcome.final_url[:500],
                    "detail": outcome.detail[:300],
                    "checked_at": now,
                    "used_by": "\n".join(used_by.get(outcome.url, [])),
                },
            )
        m.LinkCheck.objects.exclude(url__in=[o.url for o in outcomes]).delete()
    return len(outcomes)
