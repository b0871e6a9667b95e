"""The benchmark's database: created through the harness, migrated, guidance loaded and
seeded once with ``bench.seed``; this process pointed at it as the server will be."""

import os
import time

from bench import harness, log
from bench.server import server_environment

PG = {"host": "127.0.0.1", "port": 5432, "user": "anhorig", "password": "anhorig"}
# As docs/deployment.md asks of production: JIT compilation cost the statistics page
# seconds per view and gains nothing on queries this size; the data is in memory, so an
# index lookup costs about what a sequential read does.
DATABASE_SETTINGS = {"jit": "off", "random_page_cost": "1.1"}


def database_url(name: str) -> str:
    return f"postgres://{PG['user']}:{PG['password']}@{PG['host']}:{PG['port']}/{name}"


def setup_django(db_name: str) -> dict[str, str]:
    """Point this process at the benchmark database, as the server will be."""
    env = server_environment(database_url(db_name))
    os.environ.update({k: v for k, v in env.items() if k.startswith("DJANGO_")})
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    # This process is a script driving asyncio, not a server: its few ORM calls
    # (seeding, picking users, the CPU meter) may block the event loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    return env


def create_database(name: str, *, fresh: bool) -> bool:
    """Create ``name`` (dropped first when ``fresh``); True when it is new."""
    return harness.create_database(database_url(name), fresh=fresh, settings=DATABASE_SETTINGS)


def prepare_database(name: str, sizes, *, fresh: bool = False) -> dict[str, int]:
    """Migrate, load the guidance, seed unless seeded; the table sizes afterwards."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from bench import seed
    from referrals.models import Contact
    from referrals.statistics import rollup

    created = create_database(name, fresh=fresh)
    log(f"database {name}: {'created' if created else 'exists'}; migrating")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_guidance", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    staff = get_user_model().objects.filter(username__startswith=seed.PREFIX).count()
    if staff >= sizes.staff and Contact.objects.count() >= sizes.contacts:
        log(f"already seeded ({staff} staff, {Contact.objects.count()} contacts)")
        _seed_outreach_if_missing(sizes)
        forget_earlier_runs()
    else:
        if staff:
            raise SystemExit(f"{name} is partly seeded; run again with --fresh.")
        started = time.monotonic()
        log(f"seeding {sizes}")
        seed.seed(sizes, log=log)
        log(f"seeded in {time.monotonic() - started:.0f} s; VACUUM ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    # What the nightly job does; the statistics pages read its figures.
    computed, _new = rollup.compute()
    log(f"statistics' monthly figures computed in {computed.seconds:.1f} s")
    return {**table_sizes(), "monthly statistics computed in": f"{computed.seconds:.1f} s"}


def _seed_outreach_if_missing(sizes) -> None:
    """A database seeded before the outreach pages existed gets its incidents."""
    import random

    from bench.seed_outreach import seed_outreach
    from referrals.outreach.models import Incident

    if sizes.incidents and not Incident.objects.exists():
        log(f"seeding {sizes.incidents} incidents")
        seed_outreach(sizes.incidents, random.Random(2026), log)  # noqa: S311 (fictional)


def forget_earlier_runs() -> None:
    """The writing walks register hundreds of incidents a run, each with its plans and
    open tasks. Kept, they would grow the city run by run, and the lists and start
    pages with it; removed, every run measures the seeded city."""
    from bench.pages_outreach import FACTS
    from referrals.outreach.models import Incident

    removed, _by_model = Incident.objects.filter(known_facts=FACTS).delete()
    if removed:
        log(f"removed what earlier runs' walks registered ({removed} rows)")


def table_sizes() -> dict[str, int]:
    from django.db import connection

    tables = {
        "staff (users)": "auth_user",
        "directory services": "guidance_service",
        "organisations": "guidance_organisation",
        "contacts": "referrals_contact",
        "referrals": "referrals_referral",
        "support sessions": "referrals_supportsession",
        "notifications": "referrals_notification",
        "audit events": "referrals_auditevent",
        "serious incidents": "referrals_incident",
        "outreach plans": "referrals_outreachplan",
        "outreach tasks": "referrals_outreachtask",
        "relatives reached": "referrals_relativereached",
    }
    with connection.cursor() as cursor:
        sizes = {}
        for label, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
            sizes[label] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        sizes["database size"] = cursor.fetchone()[0]
    return sizes
