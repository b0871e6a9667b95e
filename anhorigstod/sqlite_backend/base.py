"""Django's SQLite backend, with the audit trail's append-only triggers kept
through ``flush``.

On SQLite the triggers refuse every UPDATE and DELETE of an audit event
(``referrals/migrations/0005``). ``flush`` empties the tables with DELETE, as the
test runner does between transactional tests; on PostgreSQL it uses TRUNCATE,
which row triggers do not see. So here a flush lifts the triggers, empties the
tables and puts the triggers back, in its one transaction. Nothing else does.
"""

from django.db.backends.sqlite3 import base, operations

from audit.append_only import SQLITE_CREATE, SQLITE_DROP, TABLE


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if TABLE not in tables:
            return statements
        return [*SQLITE_DROP, *statements, *SQLITE_CREATE]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
