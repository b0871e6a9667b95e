"""gunicorn on a throw-away PostgreSQL database, for the benchmark, the load test and
the reliability test.

Everything here runs outside Django (the load test's runner never sets it up):
create and drop a database as the tables' owner, run ``manage.py`` against it,
start gunicorn with production settings on a free port and wait for ``/health/``,
stop it, and read its log for errors.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
GUNICORN = Path(sys.executable).with_name("gunicorn")


# --- The database -------------------------------------------------------------------


def connect(url: str, dbname: str | None = None) -> psycopg.Connection:
    """An autocommit connection as ``url``'s user, to ``dbname`` (default: ``url``'s)."""
    db = dj_database_url.parse(url)
    return psycopg.connect(
        host=db["HOST"] or HOST,
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=dbname or db["NAME"],
        autocommit=True,
    )


def as_role(url: str, role: str) -> str:
    """The same database, connected as ``role`` (its password is its name here)."""
    db = dj_database_url.parse(url)
    return f"postgres://{role}:{role}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def create_database(url: str, *, fresh: bool, settings: dict[str, str] | None = None) -> bool:
    """Create the database ``url`` names, owned by its user; dropped first when
    ``fresh``. ``settings`` are set on it (``ALTER DATABASE … SET``). True when new."""
    name = dj_database_url.parse(url)["NAME"]
    with connect(url, "postgres") as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            drop_database(url)
            exists = None
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        for setting, value in (settings or {}).items():
            admin.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(name), sql.Identifier(setting), sql.Literal(value)
                )
            )
    return not exists


def drop_database(url: str) -> None:
    name = dj_database_url.parse(url)["NAME"]
    with connect(url, "postgres") as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def manage(env: dict[str, str], *args: str) -> None:
    """``manage.py`` with ``env`` (its DATABASE_URL as the tables' owner, to migrate)."""
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True
    )


def migrate(env: dict[str, str]) -> None:
    manage(env, "migrate", "--no-input", "-v", "0")


# --- The server ---------------------------------------------------------------------


def production_env(
    database_url: str,
    *,
    settings_module: str = "anhorigstod.settings",
    pass_through: tuple[str, ...] = (),
    **overrides: str,
) -> dict[str, str]:
    """This process's environment without its Django settings, plus production's: DEBUG
    off, a fresh secret key, plain HTTP (no HTTPS redirect or secure cookies, as behind
    a TLS proxy). ``pass_through`` names DJANGO_* variables kept when set here."""
    env = {
        key: value
        for key, value in os.environ.items()
        if (not key.startswith("DJANGO_") or key in pass_through) and key != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE=settings_module,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
    )
    env.update(overrides)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class ServerFailed(RuntimeError):
    """gunicorn stopped, or did not answer /health/ in time."""


@dataclass
class Server:
    """One gunicorn master on 127.0.0.1 and a port of its own."""

    env: dict[str, str]
    worker_class: str = "sync"
    workers: int = 3
    threads: int = 1
    keep_alive: int | None = None
    graceful_timeout: int | None = None
    # The WSGI application gunicorn loads (the benchmark's adds its bare view).
    app: str = "anhorigstod.wsgi:application"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def label(self) -> str:
        if self.worker_class == "sync":
            return f"{self.workers} sync workers"
        return f"{self.workers} gthread workers × {self.threads} threads"

    def command(self) -> list[str]:
        command = [
            str(GUNICORN),
            self.app,
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            f"--worker-class={self.worker_class}",
            f"--threads={self.threads}",
            "--timeout=60",
        ]
        if self.graceful_timeout is not None:
            command.append(f"--graceful-timeout={self.graceful_timeout}")
        if self.keep_alive is not None:
            command.append(f"--keep-alive={self.keep_alive}")
        return command

    def start(self, log_path: Path, *, append: bool = True, seconds: float = 60) -> "Server":
        """Start gunicorn, its output to ``log_path``; return once /health/ answers 200
        and every worker is up."""
        self.log_path = log_path
        self._log = log_path.open("ab" if append else "wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            self.command(), cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.close()
                raise ServerFailed(
                    f"gunicorn exited ({self.process.returncode}); see {log_path}:\n"
                    + log_path.read_text(errors="replace")[-3000:]
                )
            if self._healthy() and len(self.worker_pids()) == self.workers:
                return self
            time.sleep(0.2)
        self.stop()
        raise ServerFailed(f"gunicorn did not answer /health/ within {seconds:.0f} s")

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/health/", timeout=2) as response:  # noqa: S310
                return response.status == 200
        except OSError:
            return False

    def worker_pids(self) -> set[int]:
        pid = self.process.pid
        try:
            return {int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
        except OSError:
            return set()

    def peak_memory_kib(self) -> list[int]:
        """VmHWM (peak resident set) of each worker, from /proc/<pid>/status."""
        peaks = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
            peaks.append(int(line.split()[1]))
        return peaks

    def stop(self, timeout: float = 20) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()

    def errors(self) -> list[str]:
        """The errors in the server's log: the portal's JSON lines at ERROR or worse,
        and gunicorn's own."""
        return log_errors(self.log_path)


def log_errors(log_path: Path) -> list[str]:
    errors = []
    for line in log_path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if entry.get("level") in {"ERROR", "CRITICAL"}:
                errors.append(line)
        elif "[ERROR]" in line or "[CRITICAL]" in line:  # gunicorn's own log
            errors.append(line)
    return errors
