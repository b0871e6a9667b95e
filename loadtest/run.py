"""Run the load test end to end and say whether the portal held.

    .venv/bin/python loadtest/run.py --users 50 --spawn-rate 10 --run-time 5m

1. drops and creates the load-test database (its name must contain "loadtest";
   LOADTEST_DATABASE_URL, default postgres://anhorig:anhorig@127.0.0.1:5432/anhorig_loadtest),
   migrates it as the tables' owner, loads the guidance and creates the load-test
   users;
2. starts gunicorn on a free 127.0.0.1 port with production settings (DEBUG off,
   only the HTTPS redirect and secure cookies off, as behind a TLS proxy),
   connected as the portal's own role (LOADTEST_APP_ROLE, default anhorig_app,
   which `make postgres` creates): no TRUNCATE, only INSERT and SELECT on the
   audit trail, as in production (docs/deployment.md);
3. runs locust headless (loadtest/locustfile.py);
4. stops gunicorn and checks: no locust failure, no error in the server's log,
   and in the database every submitted draft has exactly one contact with the
   referrals it asked for, and nothing else was created.

Prints a summary and exits non-zero if any check fails. The database is kept for
inspection until the next run; the logs and locust's CSV files are in --output.
"""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_URL = "postgres://anhorig:anhorig@127.0.0.1:5432/anhorig_loadtest"
APP_ROLE = os.environ.get("LOADTEST_APP_ROLE", "anhorig_app")


def as_role(url: str, role: str) -> str:
    """The same database, connected as ``role`` (its password is its name here)."""
    db = dj_database_url.parse(url)
    return f"postgres://{role}:{role}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", default=os.environ.get("LOADTEST_DURATION", "5m"))
    parser.add_argument("--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 8))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--database-url", default=os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--output", type=Path, default=None)
    return parser.parse_args()


def step(message: str) -> None:
    print(f"== {message}", flush=True)


def connect(db: dict, name: str) -> psycopg.Connection:
    return psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=name,
        autocommit=True,
    )


def recreate_database(db: dict) -> None:
    with connect(db, "postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{db["NAME"]}"')


def manage(env: dict, *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before it answered")
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /health/ in time")


def server_errors(log_path: Path) -> list[str]:
    errors = []
    for line in log_path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if entry.get("level") in {"ERROR", "CRITICAL"}:
                errors.append(line)
        elif "[ERROR]" in line or "[CRITICAL]" in line:  # gunicorn's own log
            errors.append(line)
    return errors


def count_in_database(db: dict, results: dict) -> tuple[list[str], dict]:
    """Every submitted draft has exactly one contact, with the referrals it chose."""
    problems = []
    submitted: dict[str, int] = results["submitted"]
    attempted = set(results["attempted"])
    with connect(db, db["NAME"]) as conn:
        contacts = dict(
            conn.execute("SELECT source_draft::text, id FROM referrals_contact").fetchall()
        )
        referrals_of = dict(
            conn.execute(
                "SELECT contact_id, count(*) FROM referrals_referral GROUP BY contact_id"
            ).fetchall()
        )
        linked = dict(
            conn.execute(
                "SELECT id::text, contact_id FROM referrals_draft WHERE contact_id IS NOT NULL"
            ).fetchall()
        )
    for draft, expected in submitted.items():
        contact = contacts.get(draft)
        if contact is None:
            problems.append(f"lost: draft {draft} was submitted but has no contact")
        elif linked.get(draft) != contact:
            problems.append(f"draft {draft} does not point at its contact")
        elif referrals_of.get(contact, 0) != expected:
            problems.append(
                f"draft {draft}: {referrals_of.get(contact, 0)} referrals, expected {expected}"
            )
    unexpected = set(contacts) - set(submitted)
    unconfirmed = unexpected & attempted  # sent, but the answer never came back
    if unexpected - attempted:
        problems.append(f"{len(unexpected - attempted)} contacts no user submitted")
    counts = {
        "drafts submitted": len(submitted),
        "contacts": len(contacts),
        "referrals": sum(referrals_of.values()),
        "referrals expected": sum(submitted.values()),
        "submits without an answer": len(unconfirmed),
    }
    if len(contacts) != len(linked):
        problems.append(f"{len(contacts)} contacts but {len(linked)} submitted drafts")
    if not unconfirmed and counts["referrals"] != counts["referrals expected"]:
        problems.append("referrals in the database differ from the referrals expected")
    return problems, counts


def main() -> int:
    args = parse_args()
    db = dj_database_url.parse(args.database_url)
    if db["ENGINE"] != "django.db.backends.postgresql" or "loadtest" not in db["NAME"]:
        raise SystemExit("The load test needs a PostgreSQL database with 'loadtest' in its name.")
    output = args.output or Path(tempfile.mkdtemp(prefix="anhorig-loadtest-"))
    output.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "anhorigstod.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DATABASE_URL": args.database_url,
        "DJANGO_DB_APP_ROLE": APP_ROLE,
        "LOADTEST_PASSWORD": os.environ.get("LOADTEST_PASSWORD") or secrets.token_urlsafe(16),
        "LOADTEST_RESULTS": str(output / "results.json"),
    }
    env.pop("DJANGO_DB_POOL", None)

    step(f"fresh database {db['NAME']}")
    recreate_database(db)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_guidance")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(
        env,
        "create_loadtest_users",
        f"--caseworkers={args.users}",
        f"--consultants={args.users}",
    )

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = output / "server.log"
    step(f"gunicorn on {url}: {args.workers} workers x {args.threads} threads (log: {log_path})")
    server_env = {**env, "DATABASE_URL": as_role(args.database_url, APP_ROLE)}
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "anhorigstod.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={args.workers}",
                f"--threads={args.threads}",
                "--worker-class=gthread",
                "--timeout=60",
                # Idle keep-alive connections outlive the client's pauses (and, in
                # production, the load balancer's idle timeout): a server that closes
                # first races the next request on that connection and resets it.
                "--keep-alive=75",
            ],
            cwd=BASE_DIR,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    locust_log = output / "locust.log"
    try:
        wait_until_healthy(url, server)
        step(f"locust: {args.users} users, {args.spawn_rate}/s for {args.run_time} ({locust_log})")
        with locust_log.open("w") as log:
            locust = subprocess.run(  # noqa: S603
                [
                    str(BIN / "locust"),
                    "-f",
                    str(BASE_DIR / "loadtest" / "locustfile.py"),
                    "--headless",
                    f"--host={url}",
                    f"--users={args.users}",
                    f"--spawn-rate={args.spawn_rate}",
                    f"--run-time={args.run_time}",
                    "--stop-timeout=60",  # let users finish the path they are on
                    "--only-summary",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()

    problems = []
    results = json.loads((output / "results.json").read_text())
    total = results["total"]
    if locust.returncode != 0 or total["failures"]:
        problems.append(f"locust exited {locust.returncode} with {total['failures']} failures")
        problems += [f"  {e['count']} x {e['name']}: {e['error']}" for e in results["errors"]]
    errors = server_errors(log_path)
    if errors:
        problems.append(f"{len(errors)} errors in the server log, first: {errors[0][:300]}")
    database_problems, counts = count_in_database(db, results)
    problems += database_problems

    step("summary")
    print(f"{'request':58} {'count':>6} {'fail':>5} {'median':>7} {'p95':>7}  (ms)")
    for row in [*results["requests"], total, results["total_after_sign_in"]]:
        print(
            f"{row['name'][:58]:58} {row['requests']:>6} {row['failures']:>5} "
            f"{row['median_ms'] or 0:>7.0f} {row['p95_ms'] or 0:>7.0f}"
        )
    print(f"requests/s: {total['requests_per_s']}")
    for name, value in counts.items():
        print(f"{name}: {value}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("RESULT: " + ("FAILED" if problems else "passed") + f" (output in {output})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
