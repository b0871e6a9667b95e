"""Pagination that counts in the page's own query (anhorigstod.pagination)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anhorigstod.pagination import WindowCountedPaginator

pytestmark = pytest.mark.django_db


def _rows():
    return Permission.objects.order_by("pk")


def test_a_page_and_the_count_come_in_one_query_as_djangos_would():
    django_page = Paginator(_rows(), 10).page(2)
    paginator = WindowCountedPaginator(_rows(), 10)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page("2")
        shown = (list(page), paginator.count, paginator.num_pages, page.has_next())
    assert len(queries) == 1
    assert shown == (
        list(django_page),
        django_page.paginator.count,
        django_page.paginator.num_pages,
        True,
    )
    assert paginator.count > 20


def test_get_page_falls_back_as_djangos_does():
    django = Paginator(_rows(), 10)
    paginator = WindowCountedPaginator(_rows(), 10)
    assert paginator.get_page(10_000).number == django.get_page(10_000).number > 1
    for not_a_number in ("x", None, 2.5):
        paginator = WindowCountedPaginator(_rows(), 10)
        with CaptureQueriesContext(connection) as queries:
            first = list(paginator.get_page(not_a_number))
        assert first == list(django.page(1)) and len(queries) == 1
    with pytest.raises(PageNotAnInteger):
        WindowCountedPaginator(_rows(), 10).page("x")
    with pytest.raises(EmptyPage):
        WindowCountedPaginator(_rows(), 10).page(10_000)
    with pytest.raises(EmptyPage):
        WindowCountedPaginator(_rows(), 10).page(0)


def test_nothing_found_is_an_empty_first_page():
    paginator = WindowCountedPaginator(Permission.objects.none(), 10)
    page = paginator.get_page(1)
    assert list(page) == [] and paginator.count == 0 and page.number == 1


def test_a_distinct_query_is_counted_as_django_counts_it(django_assert_num_queries):
    in_groups = Permission.objects.filter(group__isnull=False).order_by("pk")
    assert in_groups.count() > in_groups.distinct().count()  # shared by several roles
    paginator = WindowCountedPaginator(in_groups.distinct(), 5)
    with django_assert_num_queries(2):  # Django's: the count, then the page
        page = list(paginator.page(1))
    assert paginator.count == in_groups.distinct().count() and len(page) == len(set(page)) == 5
