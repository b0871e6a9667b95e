"""Moving the audit trail into its own app keeps the table and every row.

A PostgreSQL database at the last migration before the move (``referrals.0005``)
is filled with audit events, written straight into the table as that version of
the portal wrote them, and migrated forward; every event is still there, read
through the new ``audit`` app's model, and the trail is still append-only. (The
events are written with SQL, not with today's services, so that later
migrations of other tables cannot break the test.)
"""

import json

import psycopg
import pytest
from django.db import connection

from tests.test_backup import manage, postgres_databases

__all__ = ["postgres_databases"]  # the fixture, used below

READ_EVENTS = """
import json
from audit.models import AuditEvent
print(json.dumps([
    [e.pk, e.action, e.contact_reference, e.referral_reference, e.actor.username, e.details]
    for e in AuditEvent.objects.select_related("actor").order_by("pk")
]))
"""
ACTIONS = ["contact_submitted", "contact_viewed", "referral_viewed", "referral_accepted"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only; CI runs the suite on both"
)
def test_a_filled_database_migrates_forward_and_keeps_every_row(postgres_databases):
    (url, _unused), credentials, (name, _other) = postgres_databases
    manage(url, "migrate", "auth", "--no-input")
    manage(url, "migrate", "referrals", "0005_audit_trail_append_only_on_sqlite", "--no-input")
    with psycopg.connect(**credentials, dbname=name) as before:
        (actor,) = before.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, "
            "email, is_staff, is_active, date_joined) VALUES "
            "('!', false, 'hanna', '', '', '', false, true, now()) RETURNING id"
        ).fetchone()
        for n in range(40):
            before.execute(
                "INSERT INTO referrals_auditevent (at, actor_id, action, contact_reference, "
                "referral_reference, details, session_hash) "
                "VALUES (now(), %s, %s, %s, %s, %s, '')",
                [
                    actor,
                    ACTIONS[n % len(ACTIONS)],
                    f"AS-2026-{n:06d}",
                    f"AS-2026-{n:06d}-1" if n % 2 else "",
                    json.dumps({"n": n}),
                ],
            )
        expected = [
            [pk, action, contact, referral, "hanna", details]
            for pk, action, contact, referral, details in before.execute(
                "SELECT id, action, contact_reference, referral_reference, details "
                "FROM referrals_auditevent ORDER BY id"
            ).fetchall()
        ]
        applied = {
            app
            for (app,) in before.execute("SELECT DISTINCT app FROM django_migrations").fetchall()
        }
    assert len(expected) == 40
    assert "audit" not in applied  # the database is from before the move

    manage(url, "migrate", "--no-input")
    moved_events = json.loads(manage(url, "shell", "-c", READ_EVENTS).strip().splitlines()[-1])
    # Every event, read through the audit app's model, exactly as it was.
    assert moved_events == expected
    with (
        psycopg.connect(**credentials, dbname=name, autocommit=True) as moved,
        pytest.raises(psycopg.errors.RaiseException, match="append-only"),
    ):
        moved.execute("DELETE FROM referrals_auditevent")
