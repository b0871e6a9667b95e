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
import subprocess
import sys
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))  # run as a script: the harness is in bench/

from bench import harness  # noqa: E402

BIN = Path(sys.executable).parent
DEFAULT_URL = "postgres://anhorig:anhorig@127.0.0.1:5432/anhorig_loadtest"
APP_ROLE = os.environ.get("LOADTEST_APP_ROLE", "anhorig_app")


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


def count_in_database(url: str, results: dict) -> tuple[list[str], dict]:
    """Every submitted draft has exactly one contact, with the referrals it chose."""
    problems = []
    submitted: dict[str, int] = results["submitted"]
    attempted = set(results["attempted"])
    with harness.connect(url) as conn:
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
    # As docs/deployment.md has it: the tables' owner migrates, the portal connects as
    # its own role (no TRUNCATE, only INSERT and SELECT on the audit trail).
    env = harness.production_env(
        args.database_url,
        DJANGO_DB_APP_ROLE=APP_ROLE,  # migrations grant the role its rights
        LOADTEST_PASSWORD=os.environ.get("LOADTEST_PASSWORD") or secrets.token_urlsafe(16),
        LOADTEST_RESULTS=str(output / "results.json"),
    )

    step(f"fresh database {db['NAME']}")
    harness.create_database(args.database_url, fresh=True)
    harness.migrate(env)
    harness.manage(env, "load_guidance")
    harness.manage(env, "collectstatic", "--no-input", "-v", "0")
    harness.manage(
        env,
        "create_loadtest_users",
        f"--caseworkers={args.users}",
        f"--consultants={args.users}",
    )

    server = harness.Server(
        {**env, "DATABASE_URL": harness.as_role(args.database_url, APP_ROLE)},
        worker_class="gthread",
        workers=args.workers,
        threads=args.threads,
        # Idle keep-alive connections outlive the client's pauses (and, in production,
        # the load balancer's idle timeout): a server that closes first races the next
        # request on that connection and resets it.
        keep_alive=75,
    )
    log_path = output / "server.log"
    step(
        f"gunicorn on {server.url}: {args.workers} workers x {args.threads} threads "
        f"(log: {log_path})"
    )
    locust_log = output / "locust.log"
    try:
        server.start(log_path, append=False)
        step(f"locust: {args.users} users, {args.spawn_rate}/s for {args.run_time} ({locust_log})")
        with locust_log.open("w") as log:
            locust = subprocess.run(  # noqa: S603
                [
                    str(BIN / "locust"),
                    "-f",
                    str(BASE_DIR / "loadtest" / "locustfile.py"),
                    "--headless",
                    f"--host={server.url}",
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
    except harness.ServerFailed as failed:
        raise SystemExit(str(failed)) from None
    finally:
        server.stop(timeout=60)

    problems = []
    results = json.loads((output / "results.json").read_text())
    total = results["total"]
    if locust.returncode != 0 or total["failures"]:
        problems.append(f"locust exited {locust.returncode} with {total['failures']} failures")
        problems += [f"  {e['count']} x {e['name']}: {e['error']}" for e in results["errors"]]
    errors = server.errors()
    if errors:
        problems.append(f"{len(errors)} errors in the server log, first: {errors[0][:300]}")
    database_problems, counts = count_in_database(args.database_url, results)
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
