"""On PostgreSQL the database itself refuses to update or delete audit events.

The model refuses too (``AuditEvent.save``/``delete``); this catches raw SQL
and bulk querysets. TRUNCATE is refused to the portal's database role, which
does not own the table (``anhorigstod.database_roles``); migrating back does not
remove the trigger.
"""

from django.db import migrations

from audit.append_only import POSTGRESQL_CREATE as CREATE
from audit.append_only import refuse_to_reverse


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    # Migrating back used to drop the trigger; it no longer can.
    operations = [migrations.RunPython(create, refuse_to_reverse)]
