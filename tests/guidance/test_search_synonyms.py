"""Search understands the words relatives use: synonyms are data, on both databases.

CI runs this module on SQLite and on PostgreSQL (``DATABASE_URL``).
"""

import json

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from guidance import models as m
from guidance.loading import FIXTURE_DIR, load_guidance
from guidance.search import expand, search

pytestmark = pytest.mark.django_db

FIXTURE = FIXTURE_DIR / "95_search_synonyms.json"


def keys(hits):
    return {hit.url for hit in hits}


def test_a_symptom_word_finds_crisis_support_and_the_health_centre():
    hits = search(query="sömnproblem")
    titles = {hit.title for hit in hits}
    assert "Krisstöd" in titles
    assert any("vårdcentral" in title.lower() for title in titles)


def test_each_hit_says_what_it_matched_and_for_which_word():
    hit = next(hit for hit in search(query="sömnproblem") if hit.title == "Krisstöd")
    assert hit.matched == "krisstöd (sökt: sömnproblem)"


def test_a_witness_who_cannot_sleep_after_a_shooting_finds_crisis_support():
    hits = search(query="vittne skjutning sömnlös")
    assert "Krisstöd" in [hit.title for hit in hits]
    crisis = next(hit for hit in hits if hit.title == "Krisstöd")
    assert "skjutning" in crisis.matched
    assert "(sökt: sömnlös)" in crisis.matched


def test_without_the_synonym_the_word_finds_nothing():
    m.SearchSynonym.objects.filter(word="sömnproblem").delete()
    assert search(query="sömnproblem") == []


def test_a_threatened_relative_finds_protection_and_the_police():
    titles = {hit.title for hit in search(query="hotad")}
    assert "Skydd vid hot" in titles
    assert any("Polis" in title for title in titles)


def test_an_item_matching_every_word_comes_before_those_matching_some():
    hits = search(query="vittne skjutning sömnlös")
    full = [hit for hit in hits if hit.matched.count(",") == 2]
    assert full and hits[: len(full)] == full


def test_expansion_is_per_typed_word():
    groups = {group.word: group.terms for group in expand("Vittne skjutning")}
    assert groups["vittne"] == ("krisstöd", "skjutning")
    assert groups["skjutning"] == ()


def test_an_administrators_synonym_takes_effect_at_once():
    m.SearchSynonym.objects.create(word="zyxwvu", expands_to="Bufff")
    assert any("Bufff" in hit.title for hit in search(query="zyxwvu"))


def test_the_fixture_is_tidy_and_loads_idempotently():
    text = FIXTURE.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert len(data) >= 20
    report = load_guidance([FIXTURE])
    assert report.created == [] and report.updated == []


def test_the_fixture_never_overwrites_an_administrators_edit(admin_user):
    synonym = m.SearchSynonym.objects.get(word="hot")
    admin = site._registry[m.SearchSynonym]
    request = RequestFactory().post("/")
    request.user = admin_user
    synonym.expands_to = "skydd"
    admin.save_model(request, synonym, form=None, change=True)
    report = load_guidance([FIXTURE])
    assert "guidance.searchsynonym:hot" in report.kept_local_edit
    synonym.refresh_from_db()
    assert synonym.expands_to == "skydd"
    assert synonym.history.count() >= 2  # created by the load, changed in the admin
