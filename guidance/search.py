"""Full-text search over the guidance and the external support directory.

Each guidance item has one ``SearchDocument`` row. On PostgreSQL the row's
stored ``search_vector`` (Swedish configuration, GIN index) answers the query,
so a search reads an index instead of computing vectors on the fly. Elsewhere
(SQLite on a laptop) the ``stems`` column holds the same words reduced to
Swedish stems by Snowball, the stemmer PostgreSQL's ``swedish`` configuration
also uses, so "anhöriga" finds "anhörig" on both.
"""

import re
from dataclasses import dataclass

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q

from guidance import models as m
from guidance.legal import plain_text

_stemmer = snowballstemmer.stemmer("swedish")
_WORD = re.compile(r"\w+", re.UNICODE)

# Which fields of each model are read into the index, and under what kind.
INDEXED_FIELDS: dict[type, tuple[str, tuple[str, ...]]] = {
    m.TargetGroup: (
        "target_group",
        ("summary", "who_belongs", "typical_situations", "needs", "things_to_consider"),
    ),
    m.EntryRoute: ("entry_route", ("summary", "first_steps", "consent_note")),
    m.SupportForm: ("support_form", ("summary", "body", "when_to_use")),
    m.InternalProvider: ("provider", ("summary", "body")),
    m.District: ("district", ("summary", "relative_support")),
    m.Method: ("method", ("abbreviation", "summary", "body")),
    m.Topic: ("topic", ("summary", "body")),
    m.GoodPractice: ("good_practice", ("organisation", "summary", "body", "success_factors")),
    m.Organisation: ("organisation", ("description",)),
    m.Service: ("service", ("description", "who_it_helps", "eligibility", "phone")),
    m.LegalReference: ("legal_reference", ("law", "abbreviation", "title", "summary", "note")),
}

KIND_LABELS = {
    "target_group": "Målgrupp",
    "entry_route": "Ingång",
    "support_form": "Stödform",
    "provider": "Intern stödgivare",
    "district": "Stadsdelsförvaltning",
    "method": "Metod",
    "topic": "Tema",
    "good_practice": "Gott exempel",
    "organisation": "Organisation",
    "service": "Externt stöd",
    "legal_reference": "Lagrum",
}


def stems(text: str) -> str:
    """Text as space-separated Swedish stems, padded so a match can anchor on a word start."""
    words = _WORD.findall(text.lower())
    return " " + " ".join(_stemmer.stemWords(words)) + " "


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _summary(obj) -> str:
    for name in ("summary", "description", "who_it_helps", "title"):
        value = getattr(obj, name, "")
        if value:
            return value
    return ""


def index(obj) -> None:
    """Write or refresh the search row of one guidance item."""
    kind, fields = INDEXED_FIELDS[type(obj)]
    title = str(obj)
    summary = plain_text(_summary(obj))
    body = plain_text("\n".join(str(getattr(obj, name) or "") for name in fields))
    m.SearchDocument.objects.update_or_create(
        kind=kind,
        object_key=obj.key,
        defaults={
            "title": title,
            "summary": summary,
            "body": body,
            "url": obj.get_absolute_url(),
            "stems": stems(f"{title} {body}"),
        },
    )
    if _is_postgresql():
        m.SearchDocument.objects.filter(kind=kind, object_key=obj.key).update(
            search_vector=SearchVector("title", weight="A", config="swedish")
            + SearchVector("summary", weight="B", config="swedish")
            + SearchVector("body", weight="C", config="swedish")
        )


def unindex(obj) -> None:
    kind, _fields = INDEXED_FIELDS[type(obj)]
    m.SearchDocument.objects.filter(kind=kind, object_key=obj.key).delete()


def reindex_all() -> int:
    count = 0
    for model in INDEXED_FIELDS:
        for obj in model._default_manager.all():  # type: ignore[attr-defined]
            index(obj)
            count += 1
    return count


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    summary: str
    url: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def search(*, query: str, limit: int = 50) -> list[SearchHit]:
    """The best matches for ``query``, most relevant first; empty for an empty query."""
    query = query.strip()
    if not _WORD.search(query):
        return []
    documents = m.SearchDocument.objects.only("kind", "title", "summary", "url")
    if _is_postgresql():
        search_query = SearchQuery(query, config="swedish", search_type="websearch")
        documents = (
            documents.filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "title")
        )
    else:
        condition = Q()
        for stem in stems(query).split():
            condition &= Q(stems__contains=f" {stem}")
        documents = documents.filter(condition).order_by("title")
    return [
        SearchHit(kind=d.kind, title=d.title, summary=d.summary, url=d.url)
        for d in documents[:limit]
    ]
