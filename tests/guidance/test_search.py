"""Search, on whichever database the suite runs on (CI runs it on both)."""

import pytest

from guidance import models as m
from guidance.search import search, stems

pytestmark = pytest.mark.django_db


def _method(key, body):
    return m.Method.objects.create(
        key=key,
        name=f"Testmetod {key}",
        summary="",
        body=body,
        source_document=m.SourceDocument.objects.first(),
        source_section="Test",
    )


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("stöd till en anhörig", "anhöriga"),
        ("flera anhöriga", "anhörig"),
        ("efter skjutningar", "skjutning"),
        ("barnen i familjen", "barn"),
    ],
)
def test_swedish_inflections_match(stored, query):
    _method("bojning", f"Zyxwvu {stored}")
    titles = [hit.title for hit in search(query=f"zyxwvu {query}")]
    assert titles == ["Testmetod bojning"]


def test_a_word_that_is_nowhere_finds_nothing():
    assert search(query="qwxzyvk") == []


def test_an_empty_or_punctuation_query_finds_nothing():
    assert search(query="") == []
    assert search(query="  !?*  ") == []


def test_hostile_query_text_is_only_searched_for():
    method = _method("fientlig", "vanlig text")
    hits = search(query="'; DROP TABLE guidance_method; --")
    assert isinstance(hits, list)
    assert m.Method.objects.filter(pk=method.pk).exists()


def test_the_directory_is_searchable_by_organisation_name():
    hits = search(query="Brottsofferjouren")
    assert any(hit.kind in {"organisation", "service"} for hit in hits)


def test_a_deleted_item_leaves_the_index():
    method = _method("borttagen", "Ordetsomsoks")
    assert search(query="Ordetsomsoks")
    method.delete()
    assert search(query="Ordetsomsoks") == []


def test_stems_pad_words_so_matches_start_at_a_word():
    assert stems("Anhöriga barn") == " anhör barn "
