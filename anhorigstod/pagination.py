"""Pagination that counts its rows in the query that fetches the page."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window


def rows_with_total(rows: QuerySet, start: int, stop: int) -> tuple[list, int]:
    """``rows[start:stop]`` and how many rows there are in all, in one query: the total
    is counted as the rows are sorted (``COUNT(*) OVER ()``), not by a query of its own."""
    found = list(rows.annotate(rows_in_all=Window(Count("pk")))[start:stop])
    return found, found[0].rows_in_all if found else 0


class WindowCountedPaginator(Paginator):
    """A ``Paginator`` of model instances whose page query counts the rows too
    (``COUNT(*) OVER ()``): one query where Django's makes two, the count and then the
    page. A page past the end, an empty first page or a ``DISTINCT`` query (counted
    before its duplicates go) is left to Django's own way."""

    def page(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            asked = int(number)
        except (TypeError, ValueError):
            # Django's own check would count the rows first.
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if asked < 1 or self.orphans or "count" in self.__dict__ or self.object_list.query.distinct:
            return super().page(number)
        bottom = (asked - 1) * self.per_page
        rows, total = rows_with_total(self.object_list, bottom, bottom + self.per_page)
        if not rows:
            return super().page(number)
        self.count = total
        return self._get_page(rows, asked, self)

    def get_page(self, number):
        """As Django's: page 1 for what is not a number, the last page past the end."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)
