"""A backup restored into an empty database holds every contact, referral and audit event.

Runs the real commands (``backup_database``, ``restore_database``, what
``make backup`` and ``make restore`` call) in subprocesses against databases
of their own, so the data is committed as in production and the test database
is left alone.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent

MAKE_DATA = """
import uuid
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from anhorigstod import roles
from guidance.models import District, InternalProvider
from referrals.intake import journey
from referrals.follow_up import services as follow_up_services
from referrals.intake import services as intake_services
from referrals.models import Draft, StaffProfile
from referrals.intake.examples import example_answers

User = get_user_model()
caseworker = User.objects.create_user("hanna", password="x-long-password-1")
caseworker.groups.add(Group.objects.get(name=roles.CASEWORKER))
consultant = User.objects.create_user("kim", password="x-long-password-2")
consultant.groups.add(Group.objects.get(name=roles.CONSULTANT))
StaffProfile.objects.create(
    user=consultant,
    district=District.objects.get(key="farsta"),
    provider=InternalProvider.objects.get(key="relative-support-consultant"),
)
for number in range(3):
    draft = Draft.objects.create(
        owner=caseworker,
        start_token=uuid.uuid4(),
        path_version=journey.PATH_VERSION,
        answers=example_answers(relative={"pseudonym": f"Anhörig {number}"}),
    )
    contact = intake_services.submit_draft(draft=draft, user=caseworker)
referral = contact.referrals.get()
referral = follow_up_services.move_referral(
    referral=referral, action="accept", user=consultant, expected_version=referral.version
)
follow_up_services.move_referral(
    referral=referral,
    action="forward",
    user=consultant,
    expected_version=referral.version,
    forward_to_provider=InternalProvider.objects.get(key="family-therapist"),
    forward_to_district=District.objects.get(key="farsta"),
)
"""

LIST_DATA = """
import json
from referrals.models import Contact, Referral
from audit.models import AuditEvent
print(json.dumps({
    "contacts": sorted(Contact.objects.values_list("reference", "pseudonym")),
    "referrals": sorted(Referral.objects.values_list("reference", "status")),
    "audit_events": sorted(
        AuditEvent.objects.values_list("pk", "action", "contact_reference", "referral_reference")
    ),
}))
"""


def manage(database_url: str, *args: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "anhorigstod.settings_test",
        "DATABASE_URL": database_url,
        "DJANGO_DB_POOL": "",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {args[0]}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def listing(database_url: str) -> dict:
    return json.loads(manage(database_url, "shell", "-c", LIST_DATA).strip().splitlines()[-1])


def back_up_and_restore(source_url: str, target_url: str, directory: Path) -> dict:
    """Fill the source, back it up, restore into the empty target (twice: the second
    restore replaces what the first wrote); returns the source's data."""
    manage(source_url, "migrate", "--no-input")
    manage(source_url, "load_guidance")
    manage(source_url, "shell", "-c", MAKE_DATA)
    expected = listing(source_url)
    assert len(expected["contacts"]) == 3
    assert len(expected["referrals"]) == 4  # one each, and the forwarded one
    # Three submits, accept, forward; and the accounts: two users created and given
    # a role each, one workplace.
    assert len(expected["audit_events"]) == 10

    backup_path = Path(manage(source_url, "backup_database", "--directory", str(directory)).strip())
    assert backup_path.parent == directory and backup_path.is_file()
    for _time in range(2):
        manage(target_url, "restore_database", str(backup_path), "--no-input")
        assert listing(target_url) == expected
    return expected


def test_sqlite_backup_restores_into_an_empty_database(tmp_path):
    target = tmp_path / "restored.sqlite3"
    back_up_and_restore(
        f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{target}", tmp_path / "backups"
    )


@pytest.fixture
def postgres_databases():
    """Two fresh databases, created and dropped as the (CREATEDB) role the suite uses."""
    db = settings.DATABASES["default"]
    credentials = {
        "host": db["HOST"],
        "port": db["PORT"],
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    suffix = uuid.uuid4().hex[:8]
    names = [f"anhorig_backup_source_{suffix}", f"anhorig_restore_test_{suffix}"]
    with psycopg.connect(**credentials, dbname="postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            base = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
            yield [f"{base}/{name}" for name in names], credentials, names
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only; CI runs the suite on both"
)
def test_postgresql_backup_restores_into_an_empty_database(postgres_databases, tmp_path):
    (source_url, target_url), credentials, (_source, target) = postgres_databases
    expected = back_up_and_restore(source_url, target_url, tmp_path / "backups")

    # The audit trail is still append-only in the restored database.
    with psycopg.connect(**credentials, dbname=target, autocommit=True) as restored:
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            restored.execute("UPDATE referrals_auditevent SET action = action")
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            restored.execute("DELETE FROM referrals_auditevent")
        (count,) = restored.execute("SELECT count(*) FROM referrals_auditevent").fetchone()
    assert count == len(expected["audit_events"])
