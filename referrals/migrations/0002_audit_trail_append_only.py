"""On PostgreSQL the database itself refuses to update or delete audit events.

The model refuses too (``AuditEvent.save``/``delete``); this catches raw SQL
and bulk querysets. TRUNCATE is refused to the portal's database role, which
does not own the table (``anhorigstod.database_roles``); migrating back does not
remove the trigger.
"""

from django.db import migrations

from referrals.append_only import refuse_to_reverse

CREATE = """
CREATE OR REPLACE FUNCTION referrals_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'referrals_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS referrals_auditevent_append_only ON referrals_auditevent;
CREATE TRIGGER referrals_auditevent_append_only
    BEFORE UPDATE OR DELETE ON referrals_auditevent
    FOR EACH ROW EXECUTE FUNCTION referrals_auditevent_append_only();
"""

def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    # Migrating back used to drop the trigger; it no longer can.
    operations = [migrations.RunPython(create, refuse_to_reverse)]
