"""Pagination that counts its rows in the query that fetches the page."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Window


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
        counted = self.object_list.annotate(rows_in_all=Window(Count("pk")))
        rows = list(counted[bottom : bottom + self.per_page])
        if not rows:
            return super().page(number)
        self.count = rows[0].rows_in_all
        return self._get_page(rows, asked, self)

    def get_page(self, number):
        """As Django's: page 1 for what is not a number, the last page past the end."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)
