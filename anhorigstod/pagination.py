"""Pagination whose count is asked of a cheaper query than the listing's."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet


class CountedPaginator(Paginator):
    """A ``Paginator`` that counts ``counted``: the same rows as the listing without
    what only its order or its columns need. A COUNT keeps the joins the listing's
    annotations make, so counting the listing itself can read a table for nothing."""

    def __init__(self, object_list, per_page, *, counted: QuerySet, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        return self.counted.count()
