"""SQLite refuses to update or delete audit events too, as PostgreSQL does since 0002."""

from django.db import migrations

from audit.append_only import SQLITE_CREATE, refuse_to_reverse


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_audit_client_session_subject")]

    operations = [migrations.RunPython(create, refuse_to_reverse)]
