"""PostgreSQL plans a page's queries once per connection, not once per request: the
parameters are bound on the server and a query is prepared once it has run
``DJANGO_DB_PREPARE_AFTER`` times (``anhorigstod/settings.py``)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from guidance.models import District


def _database_options(**environ) -> dict:
    """``DATABASES["default"]["OPTIONS"]`` as the settings make them in a fresh process."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_DB_")},
        "DATABASE_URL": "postgres://someone:secret@db.example:5432/anhorig",
        **environ,
    }
    code = (
        "import json, anhorigstod.settings as s; "
        "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {}), default=str))"
    )
    done = subprocess.run(  # noqa: S603 - this Python with a fixed line of code
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_postgresql_binds_on_the_server_and_prepares_after_five_runs():
    options = _database_options()
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_preparing_can_be_turned_off_for_a_pgbouncer_that_cannot_keep_them():
    options = _database_options(DJANGO_DB_PREPARE="0")
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


def test_how_soon_a_query_is_prepared_is_a_setting():
    assert _database_options(DJANGO_DB_PREPARE_AFTER="2")["prepare_threshold"] == 2


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only; CI runs the suite on both"
)
def test_a_query_run_again_and_again_is_prepared_on_its_connection():
    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {row[0] for row in cursor.fetchall()}

    def query():
        return list(District.objects.filter(name__gt="Ö").order_by("-name").values_list("pk"))

    before = prepared()
    threshold = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    for _ in range(threshold - 1):
        query()
    assert prepared() == before
    for _ in range(2):
        query()
    (new,) = prepared() - before
    assert 'FROM "guidance_district"' in new and "$1" in new
