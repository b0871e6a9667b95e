"""The portal's two date filters write what Django's ``date`` filter writes."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

MOMENTS = [
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # 01:59 in Stockholm, before summer time
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 03:00 in Stockholm, summer time begun
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30, the hour that comes twice
    datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # already the new year in Stockholm
]


def _both(template: str, value) -> tuple[str, str]:
    ours, djangos = template.split(" ~ ")
    context = Context({"value": value})
    return Template(ours).render(context), Template(djangos).render(context)


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_moment_is_written_in_stockholm_time_as_django_writes_it(moment):
    with timezone.override("Europe/Stockholm"):
        ours, djangos = _both('{{ value|when }} ~ {{ value|date:"Y-m-d H:i" }}', moment)
        assert ours == djangos
        ours, djangos = _both('{{ value|day }} ~ {{ value|date:"Y-m-d" }}', moment)
        assert ours == djangos
    assert ours[:4] in {"2026", "2027"}


def test_the_new_years_moment_is_the_next_day_in_stockholm():
    with timezone.override("Europe/Stockholm"):
        context = Context({"value": MOMENTS[-1]})
        assert Template("{{ value|when }}").render(context) == "2027-01-01 00:30"


@pytest.mark.parametrize("value", [date(2026, 11, 19), None, "", "inte ett datum", 42])
def test_a_day_and_what_is_no_date_are_written_as_django_writes_them(value):
    ours, djangos = _both('{{ value|day }} ~ {{ value|date:"Y-m-d" }}', value)
    assert ours == djangos
    if not isinstance(value, date):  # Django refuses a time of day for a day alone
        ours, djangos = _both('{{ value|when }} ~ {{ value|date:"Y-m-d H:i" }}', value)
        assert ours == djangos
