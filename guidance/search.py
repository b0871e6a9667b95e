"""Full-text search over the guidance and the external support directory.

Each guidance item has one ``SearchDocument`` row. On PostgreSQL the row's
stored ``search_vector`` (Swedish configuration, GIN index) answers the query,
so a search reads an index instead of computing vectors on the fly. Elsewhere
(SQLite on a laptop) the ``stems`` column holds the same words reduced to
Swedish stems by Snowball, the stemmer PostgreSQL's ``swedish`` configuration
also uses, so "anhöriga" finds "anhörig" on both.

The words relatives use are widened by ``SearchSynonym`` rows (data the
administrator edits): each typed word is searched together with the terms it
expands to, so "sömnproblem" finds the items on krisstöd, trauma and the
vårdcentral. An item matching every typed word (or one of its terms) comes
first; when no item matches them all, the items matching most of them are
shown. Each hit says which term it matched, and for which typed word.
"""

import re
from dataclasses import dataclass

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from guidance import closure
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
    matched: str = ""
    # A closed or temporarily closed service says so in the results (guidance.closure).
    closure: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class WordGroup:
    """A typed word and the terms its synonyms add: a document matches the group
    when it holds any of them."""

    word: str
    terms: tuple[str, ...]

    @property
    def searched(self) -> tuple[str, ...]:
        return (self.word, *self.terms)


def expand(query: str) -> list[WordGroup]:
    """The query's words, each with the terms its ``SearchSynonym`` adds."""
    words = list(dict.fromkeys(_WORD.findall(query.lower())))
    synonyms = dict(
        m.SearchSynonym.objects.filter(word__in=words).values_list("word", "expands_to")
    )
    return [
        WordGroup(word, tuple(t for t in synonyms.get(word, "").split() if t != word))
        for word in words
    ]


def _stem_q(term: str) -> Q:
    condition = Q()
    for stem in stems(term).split():
        condition &= Q(stems__contains=f" {stem}")
    return condition


def _group_q(group: WordGroup) -> Q:
    if _is_postgresql():
        search_query = SearchQuery(group.word, config="swedish", search_type="plain")
        for term in group.terms:
            search_query |= SearchQuery(term, config="swedish", search_type="plain")
        return Q(search_vector=search_query)
    condition = Q()
    for term in group.searched:
        condition |= _stem_q(term)
    return condition


def _explain(groups: list[WordGroup], document_stems: str) -> str:
    """Which term each typed word matched: "trauma (sökt: sömnlös), skjutning"."""
    parts = []
    for group in groups:
        for term in group.searched:
            term_stems = stems(term).split()
            if term_stems and all(f" {stem}" in document_stems for stem in term_stems):
                parts.append(
                    term
                    if term == group.word
                    else _("%(term)s (sökt: %(word)s)") % {"term": term, "word": group.word}
                )
                break
    return ", ".join(parts)


def search(*, query: str, limit: int = 50) -> list[SearchHit]:
    """The best matches for ``query``, most relevant first; empty for an empty query."""
    query = query.strip()
    if not _WORD.search(query):
        return []
    groups = expand(query)
    conditions = [_group_q(group) for group in groups]
    any_group = Q()
    for condition in conditions:
        any_group |= condition
    documents = (
        m.SearchDocument.objects.only("kind", "object_key", "title", "summary", "url", "stems")
        .filter(any_group)
        .annotate(
            groups_matched=sum(
                (
                    Case(When(condition, then=Value(1)), default=Value(0))
                    for condition in conditions
                ),
                start=Value(0, output_field=IntegerField()),
            )
        )
    )
    if _is_postgresql():
        every_term = SearchQuery(groups[0].word, config="swedish", search_type="plain")
        for term in [t for group in groups for t in group.searched][1:]:
            every_term |= SearchQuery(term, config="swedish", search_type="plain")
        documents = documents.annotate(rank=SearchRank(F("search_vector"), every_term))
        documents = documents.order_by("-groups_matched", "-rank", "title")
    else:
        documents = documents.order_by("-groups_matched", "title")
    found = list(documents[:limit])
    if found and found[0].groups_matched == len(groups):  # type: ignore[attr-defined]
        found = [d for d in found if d.groups_matched == len(groups)]  # type: ignore[attr-defined]
    closed = closure.notices([d.object_key for d in found if d.kind == "service"])
    return [
        SearchHit(
            kind=d.kind,
            title=d.title,
            summary=d.summary,
            url=d.url,
            matched=_explain(groups, d.stems),
            closure=closed.get(d.object_key, "") if d.kind == "service" else "",
        )
        for d in found
    ]
