"""The SQL that makes the audit trail append-only in the database itself.

The model and its queryset refuse updates and deletes; these triggers refuse
them below the ORM (bulk statements, raw SQL). On PostgreSQL the portal also
runs as a role that does not own the tables and may only INSERT and SELECT
audit events (``anhorigstod.database_roles``), so it cannot TRUNCATE the table
or drop or disable the trigger either.
"""

TABLE = "referrals_auditevent"

POSTGRESQL_CREATE = """
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

SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]


def refuse_to_reverse(apps, schema_editor):
    raise RuntimeError(
        "The audit trail's append-only protection is not removed by migrating back. "
        "Drop it by hand as the tables' owner if you really must."
    )
