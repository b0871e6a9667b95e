"""The audit trail below the model, and what it records (assessment findings 7 and 8)."""

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from anhorigstod import roles
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action


def test_migrating_back_does_not_remove_the_protection():
    executor = MigrationExecutor(connection)
    for name in ("0002_audit_trail_append_only", "0005_audit_trail_append_only_on_sqlite"):
        migration = executor.loader.get_migration("referrals", name)
        with pytest.raises(RuntimeError, match="not removed by migrating back"):
            migration.operations[0].reverse_code(None, None)


@pytest.fixture
def as_app_role():
    """A connection to the test database as the role the portal runs as."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles exist on PostgreSQL only; CI runs this on both")
    db = settings.DATABASES["default"]
    role = settings.DATABASE_APP_ROLE
    assert role, "DJANGO_DB_APP_ROLE must name the portal's role (make postgres creates it)"
    conn = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        dbname=connection.settings_dict["NAME"],
        user=role,
        password=role,
        autocommit=True,
    )
    yield conn
    conn.close()


@pytest.mark.django_db(transaction=True)
def test_the_portals_role_may_only_insert_and_read_audit_events(as_app_role, caseworker):
    event = AuditEvent.objects.create(actor=caseworker, action=Action.CONTACT_VIEWED)
    app = as_app_role
    app.execute(
        "INSERT INTO referrals_auditevent (at, action, contact_reference, referral_reference, "
        "details, session_hash) VALUES (now(), 'contact_viewed', 'AS-X', '', '{}', '')"
    )
    assert app.execute("SELECT count(*) FROM referrals_auditevent").fetchone()[0] >= 2
    refused = [
        "TRUNCATE referrals_auditevent",
        "UPDATE referrals_auditevent SET action = 'x'",
        "DELETE FROM referrals_auditevent",
        "ALTER TABLE referrals_auditevent DISABLE TRIGGER referrals_auditevent_append_only",
        "DROP TRIGGER referrals_auditevent_append_only ON referrals_auditevent",
        "DROP TABLE referrals_auditevent",
        "CREATE TABLE sneaky (id int)",
    ]
    for statement in refused:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute(statement)
    assert AuditEvent.objects.filter(pk=event.pk, action=Action.CONTACT_VIEWED).exists()


@pytest.mark.django_db(transaction=True)
def test_the_portals_role_does_its_ordinary_work(as_app_role, caseworker):
    """It reads and writes the portal's other tables (its sequences included)."""
    app = as_app_role
    app.execute("UPDATE auth_user SET first_name = 'Hanna-Maria' WHERE id = %s", [caseworker.pk])
    app.execute(
        "INSERT INTO django_session (session_key, session_data, expire_date) "
        "VALUES ('k', 'd', now())"
    )
    app.execute("DELETE FROM django_session WHERE session_key = 'k'")
    app.execute("INSERT INTO auth_group (name) VALUES ('Tillfällig') RETURNING id")
    caseworker.refresh_from_db()
    assert caseworker.first_name == "Hanna-Maria"
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("TRUNCATE django_session")


def test_a_refused_reference_is_recorded_like_a_missing_one(client_as, make_referral):
    referral = make_referral()
    client = client_as(roles.CONSULTANT)  # a consultant without the referral's unit
    for reference in (referral.reference, "AS-2099-999999-9"):
        response = client.get(reverse("referrals:referral_detail", args=[reference]))
        assert response.status_code == 404
    refused = AuditEvent.objects.filter(action=Action.ACCESS_REFUSED).order_by("pk")
    assert [event.referral_reference for event in refused] == [
        referral.reference,
        "AS-2099-999999-9",
    ]
    assert all(event.details == {"kind": "received_referral"} for event in refused)


def test_a_caseworker_asking_for_anothers_contact_is_recorded(client_as, make_referral):
    contact = make_referral().contact
    client = client_as(roles.CASEWORKER)
    response = client.get(reverse("referrals:contact_detail", args=[contact.reference]))
    assert response.status_code == 404
    event = AuditEvent.objects.get(action=Action.ACCESS_REFUSED)
    assert event.contact_reference == contact.reference
    assert event.details == {"kind": "contact"}


def test_viewing_a_drafts_check_page_is_recorded(client, caseworker, make_draft):
    draft = make_draft()
    client.force_login(caseworker)
    response = client.get(reverse("referrals:draft_check", args=[draft.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=Action.DRAFT_CHECK_VIEWED)
    assert event.actor == caseworker and event.details == {"draft": str(draft.pk)}
    assert len(event.session_hash) == 32
