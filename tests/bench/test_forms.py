"""The walks fill in a page's form as a person would (``bench.forms``): Django forms
of the kinds the outreach pages use, rendered as Django renders them, come back
valid from what the filler submits."""

import uuid
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django import forms as django_forms
from django.utils import timezone

from bench import forms
from guidance.models import District

pytestmark = pytest.mark.django_db

KINDS = [("shooting", "Skjutning"), ("lethal_violence", "Dödligt våld")]


class RegistrationLike(django_forms.Form):
    """Radios without a choice, a date and a time, a district to choose, districts to
    tick, a few words, a hidden token: the shapes a registration form has."""

    start_token = django_forms.UUIDField(widget=django_forms.HiddenInput)
    kind = django_forms.ChoiceField(choices=KINDS, widget=django_forms.RadioSelect)
    date = django_forms.DateField(widget=django_forms.DateInput(attrs={"type": "date"}))
    time = django_forms.TimeField(widget=django_forms.TimeInput(attrs={"type": "time"}))
    district = django_forms.ModelChoiceField(District.objects.order_by("name"))
    concerned = django_forms.ModelMultipleChoiceField(
        District.objects.order_by("name"), widget=django_forms.CheckboxSelectMultiple
    )
    known_facts = django_forms.CharField(widget=django_forms.Textarea)
    optional_note = django_forms.CharField(required=False)


def _page(form: django_forms.Form, action: str = "") -> str:
    """A page with a search form (GET), the form to fill (POST) and a logout form."""
    return (
        '<form method="get" action="/search/"><input name="q"></form>'
        f'<form method="post" action="{action}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="abc">'
        f'{form.as_div()}<button type="submit" name="save" value="1">Spara</button></form>'
        '<form method="post" action="/accounts/logout/"><button>Logga ut</button></form>'
    )


def test_a_form_without_an_action_posts_to_the_page_and_others_are_passed_over():
    html = _page(RegistrationLike(initial={"start_token": uuid.uuid4()}))
    form = forms.find(html, "/outreach/register/", r"^/outreach/register/$")
    assert form is not None and form.method == "post"
    assert forms.find(html, "/outreach/register/", r"/tasks/\d+/done/$") is None
    assert forms.find(html, "/x/", r"^/accounts/logout/$").action == "/accounts/logout/"


def test_the_filled_in_registration_is_valid_with_the_visitors_district_and_a_new_token():
    token = uuid.uuid4()
    html = _page(RegistrationLike(initial={"start_token": token}))
    form = forms.find(html, "/outreach/register/", r"^/outreach/register/$")
    data = forms.submitted(form, prefer="spanga-tensta", text="Skjutning vid torget.")

    filled = RegistrationLike(data)
    assert filled.is_valid(), filled.errors
    spanga = District.objects.get(key="spanga-tensta")
    assert filled.cleaned_data["district"] == spanga
    assert list(filled.cleaned_data["concerned"]) == [spanga]
    assert filled.cleaned_data["kind"] == "shooting"  # the first choice
    assert filled.cleaned_data["start_token"] != token  # a fresh visit
    assert filled.cleaned_data["known_facts"] == "Skjutning vid torget."
    assert filled.cleaned_data["optional_note"] == ""
    assert filled.cleaned_data["date"] == timezone.localdate()
    assert data["csrfmiddlewaretoken"] == "abc"
    assert data["save"] == "1"


class TaskLike(django_forms.Form):
    version = django_forms.IntegerField(widget=django_forms.HiddenInput)
    note = django_forms.CharField(widget=django_forms.Textarea, required=False)
    outcome = django_forms.ChoiceField(choices=[("", "---------"), ("accepted", "Ja")])


def test_given_values_are_kept_and_a_required_select_gets_a_real_choice():
    html = _page(TaskLike(initial={"version": 7, "note": "Redan\nskrivet"}), "12/done/")
    form = forms.find(html, "/outreach/AH-2026-00001/tasks/", r"/tasks/\d+/done/$")
    assert form.action == "/outreach/AH-2026-00001/tasks/12/done/"
    data = forms.submitted(form, fill={"extra": "x"})
    assert data["version"] == "7"
    assert data["note"] == "Redan\nskrivet"
    assert data["outcome"] == "accepted"
    assert data["extra"] == "x"
    assert TaskLike(data).is_valid()


@pytest.mark.parametrize("clock", ["00:30", "01:59", "02:00", "14:15"])
def test_a_time_filled_in_next_to_todays_date_has_passed_at_any_hour(clock):
    """The registration page dates the incident today; the walk fills in the time."""
    hour, minute = map(int, clock.split(":"))
    now = timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)
    html = _page(RegistrationLike(initial={"date": now.date()}))
    form = forms.find(html, "/outreach/register/", r"^/outreach/register/$")
    with mock.patch.object(forms.timezone, "localtime", return_value=now):
        data = forms.submitted(form, prefer="spanga-tensta")
    filled = RegistrationLike(data)
    assert filled.is_valid(), filled.errors
    at = datetime.combine(filled.cleaned_data["date"], filled.cleaned_data["time"])
    assert now - timedelta(hours=2) <= at.replace(tzinfo=now.tzinfo) <= now
