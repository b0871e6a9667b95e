"""GIN index on the stored search vector, on PostgreSQL only.

The column exists on every database; only PostgreSQL fills and indexes it
(SQLite searches the ``stems`` column instead, see ``guidance.search``).
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS guidance_searchdocument_vector_gin "
            "ON guidance_searchdocument USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS guidance_searchdocument_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
