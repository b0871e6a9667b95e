"""An empty form's visible fields are rendered once while they show the same
(anhorigstod.fragments.cached_fields); a bound form, or one whose class does not say
its fields are free of personal data, is rendered every time."""

from unittest import mock

import pytest
from django import forms
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from anhorigstod import fragments
from referrals.follow_up.forms import DeclineForm, ForwardForm, SessionForm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def counting_renders():
    return mock.patch.object(fragments, "render_to_string", wraps=render_to_string)


def test_the_kept_fields_are_the_fields_rendered_without_a_cache():
    uncached = render_to_string(fragments.FIELDS_TEMPLATE, {"form": ForwardForm()})
    with counting_renders() as render:
        first = fragments.cached_fields(ForwardForm())
        again = fragments.cached_fields(ForwardForm())
    assert first == again == uncached
    assert render.call_count == 1
    assert 'name="forward_to_provider"' in first


def test_what_the_fields_show_is_in_the_key():
    """Another initial value, another language, a prefix where there was none, another
    id format: rendered afresh."""
    with counting_renders() as render:
        fragments.cached_fields(SessionForm())
        fragments.cached_fields(SessionForm(initial={"held_on": "2026-01-02"}))
        with translation.override("en"):
            fragments.cached_fields(SessionForm())
        fragments.cached_fields(SessionForm(prefix="plan1-add"))
        fragments.cached_fields(SessionForm(auto_id="start_%s"))
    assert render.call_count == 5


def test_the_fields_are_kept_once_for_every_prefix_and_show_their_own():
    """The incident page's add-task forms differ only in their plan's prefix."""
    with counting_renders() as render:
        kept = {p: fragments.cached_fields(SessionForm(prefix=p)) for p in ("plan1-add", "plan2")}
    assert render.call_count == 1
    for prefix, html in kept.items():
        uncached = render_to_string(fragments.FIELDS_TEMPLATE, {"form": SessionForm(prefix=prefix)})
        assert html == uncached
        assert f'name="{prefix}-held_on"' in html and f'id="id_{prefix}-held_on"' in html
    assert fragments.PREFIX_MARK not in "".join(kept.values())


def test_a_bound_form_shows_what_was_typed_and_its_errors_every_time():
    with counting_renders() as render:
        for reason in ("", "nonsense"):
            html = fragments.cached_fields(DeclineForm({"version": "1", "decline_reason": reason}))
            assert "is-invalid" in html
    assert render.call_count == 2


def test_a_form_that_does_not_say_so_is_never_kept():
    class Note(forms.Form):
        text = forms.CharField(initial="Maria, 12 år")

    with counting_renders() as render:
        fragments.cached_fields(Note())
        fragments.cached_fields(Note())
    assert render.call_count == 2
    assert not any("fragment:fields" in key for key in cache._cache)  # type: ignore[attr-defined]
