"""On PostgreSQL the search reads the GIN index, never computes vectors per row."""

import pytest
from django.db import connection

from guidance import models as m
from guidance.search import search

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only; CI runs the suite on both"
    ),
]


def test_search_over_ten_thousand_items_uses_the_gin_index():
    template = m.SearchDocument.objects.first()
    m.SearchDocument.objects.bulk_create(
        m.SearchDocument(
            kind="method",
            object_key=f"fyllnad-{n}",
            title=f"Fyllnadspost {n}",
            summary=template.summary,
            body=template.body,
            url=template.url,
        )
        for n in range(10_000)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE guidance_searchdocument SET search_vector = "
            "to_tsvector('swedish', title || ' ' || summary || ' ' || body) "
            "WHERE search_vector IS NULL"
        )
        cursor.execute("ANALYZE guidance_searchdocument")
        cursor.execute(
            "EXPLAIN SELECT id FROM guidance_searchdocument "
            "WHERE search_vector @@ websearch_to_tsquery('swedish', %s)",
            ["skjutningar"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "guidance_searchdocument_vector_gin" in plan, plan
    assert search(query="skjutningar")
