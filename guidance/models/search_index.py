"""The search index: one row per indexed guidance item (``guidance.search``)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """One searchable row per guidance item, kept in step by ``guidance.search``.

    PostgreSQL searches the stored ``search_vector`` (Swedish configuration,
    GIN index added by migration on PostgreSQL only); other databases search
    ``stems``, the same text reduced to Swedish word stems in Python.
    """

    kind = models.CharField(max_length=40)
    object_key = models.CharField(max_length=80)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    stems = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_key"], name="unique_search_document")
        ]

    def __str__(self):
        return self.title
