"""On PostgreSQL the portal runs as a role that does not own its tables.

Migrations run as the owner (``manage.py migrate`` with the owner's
``DATABASE_URL``); the portal itself connects as ``DJANGO_DB_APP_ROLE``, which
after every migrate may read and write the portal's tables but may only INSERT
and SELECT audit events. Owning nothing, it can neither TRUNCATE the audit
table nor drop or disable its trigger, and it cannot create or alter tables.
``make postgres`` creates both roles; docs/deployment.md shows the set-up.
"""

from django.conf import settings
from django.db import connections

from audit.append_only import TABLE as AUDIT_TABLE


def grant_app_role(*, using: str = "default") -> str | None:
    """Give the portal's role exactly its privileges; returns the role, or None
    when there is nothing to do (not PostgreSQL, no role configured or existing)."""
    role = settings.DATABASE_APP_ROLE
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            return None
        quoted = connection.ops.quote_name(role)
        audit = connection.ops.quote_name(AUDIT_TABLE)
        statements = [
            f"GRANT USAGE ON SCHEMA public TO {quoted}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
            f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {quoted}",
        ]
        # After a partial migrate the audit table may not exist yet.
        if AUDIT_TABLE in connection.introspection.table_names(cursor):
            statements.append(
                f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {quoted}"
            )
        for statement in statements:
            cursor.execute(statement)
    return role
