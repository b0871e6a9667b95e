"""Moving the audit trail into its own app keeps the table and every row.

A filled PostgreSQL database at the last migration before the move
(``referrals.0005``) is migrated forward; every contact, referral and audit
event is still there, read through the new ``audit`` app, and the trail is
still append-only.
"""

import psycopg
import pytest
from django.db import connection

from tests.test_backup import MAKE_DATA, listing, manage, postgres_databases

__all__ = ["postgres_databases"]  # the fixture, used below


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only; CI runs the suite on both"
)
def test_a_filled_database_migrates_forward_and_keeps_every_row(postgres_databases):
    (url, _unused), credentials, (name, _other) = postgres_databases
    # Everything the data needs at its newest, the referrals at the last state before.
    for app in ("auth", "guidance"):
        manage(url, "migrate", app, "--no-input")
    manage(url, "migrate", "referrals", "0005_audit_trail_append_only_on_sqlite", "--no-input")
    manage(url, "load_guidance")
    manage(url, "shell", "-c", MAKE_DATA)
    with psycopg.connect(**credentials, dbname=name) as before:
        events_before = [
            list(row)
            for row in before.execute(
                "SELECT id, action, contact_reference, referral_reference "
                "FROM referrals_auditevent ORDER BY id"
            ).fetchall()
        ]
        applied = {
            app
            for (app,) in before.execute("SELECT DISTINCT app FROM django_migrations").fetchall()
        }
    assert events_before
    assert "audit" not in applied  # the database is from before the move

    manage(url, "migrate", "--no-input")
    after = listing(url)
    # Every event, read through the audit app's model, exactly as it was.
    assert after["audit_events"] == events_before
    assert len(after["contacts"]) == 3 and len(after["referrals"]) == 4
    with (
        psycopg.connect(**credentials, dbname=name, autocommit=True) as moved,
        pytest.raises(psycopg.errors.RaiseException, match="append-only"),
    ):
        moved.execute("DELETE FROM referrals_auditevent")
