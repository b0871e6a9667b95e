"""Back up and restore the database the settings point at: SQLite or PostgreSQL.

SQLite uses the online backup API, so the portal may keep running while a
backup is taken. PostgreSQL uses ``pg_dump --format=custom`` and
``pg_restore --clean --if-exists --no-owner --single-transaction``: a restore
either completes or leaves the database as it was. The audit trail's
append-only trigger (referrals/migrations/0002) is restored after the rows, as
pg_restore creates triggers after loading data, and dropping the old tables
does not fire it.

Backups are written under a temporary name and renamed when complete and
checked, so a file with a backup's name is always a whole backup.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

# Django's SQLite backend, and ours that keeps the audit triggers through a flush.
SQLITE = {"django.db.backends.sqlite3", "anhorigstod.sqlite_backend"}
POSTGRESQL = "django.db.backends.postgresql"


class BackupError(Exception):
    pass


def backup(*, database: dict, directory: Path, now: datetime | None = None) -> Path:
    """Write a timestamped backup of ``database`` (a DATABASES entry) into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(tz=UTC)).strftime("%Y%m%dT%H%M%SZ")
    engine = database["ENGINE"]
    if engine in SQLITE:
        target = directory / f"{Path(str(database['NAME'])).stem}-{stamp}.sqlite3"
        write = _backup_sqlite
    elif engine == POSTGRESQL:
        target = directory / f"{database['NAME']}-{stamp}.dump"
        write = _backup_postgresql
    else:
        raise BackupError(f"Databasmotorn {engine} stöds inte.")
    if target.exists():
        raise BackupError(f"{target} finns redan.")
    partial = target.with_name(f".{target.name}.partial")
    try:
        write(database, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(*, database: dict, path: Path) -> None:
    """Replace the contents of ``database`` with the backup at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Hittar ingen säkerhetskopia i {path}.")
    engine = database["ENGINE"]
    if engine in SQLITE:
        _restore_sqlite(database, path)
    elif engine == POSTGRESQL:
        _restore_postgresql(database, path)
    else:
        raise BackupError(f"Databasmotorn {engine} stöds inte.")


# --- SQLite -----------------------------------------------------------------


def _check_sqlite(connection: sqlite3.Connection, path: Path) -> None:
    (result,) = connection.execute("PRAGMA integrity_check").fetchone()
    if result != "ok":
        raise BackupError(f"{path} är inte en hel SQLite-databas: {result}")


def _backup_sqlite(database: dict, target: Path) -> None:
    source = sqlite3.connect(str(database["NAME"]), uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        _check_sqlite(copy, target)
    finally:
        copy.close()
        source.close()


def _restore_sqlite(database: dict, path: Path) -> None:
    try:
        source = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        _check_sqlite(source, path)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} är inte en SQLite-databas: {error}") from error
    target = sqlite3.connect(str(database["NAME"]), uri=True)
    try:
        source.backup(target)  # replaces every page of the target, in one go
    finally:
        target.close()
        source.close()


# --- PostgreSQL -------------------------------------------------------------


def _pg_env(database: dict) -> dict:
    """libpq reads the connection from the environment: no password on a command line."""
    env = {**os.environ, "PGAPPNAME": "anhorig-backup", "PGDATABASE": str(database["NAME"])}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], database: dict) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} saknas (PostgreSQL-klienten).")
    result = subprocess.run(  # noqa: S603 - fixed programs, arguments are ours
        [program, *command[1:]],
        env=_pg_env(database),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} misslyckades:\n{result.stderr.strip()}")


def _backup_postgresql(database: dict, target: Path) -> None:
    _run(["pg_dump", "--format=custom", "--no-password", f"--file={target}"], database)
    _run(["pg_restore", "--list", str(target)], database)  # readable and whole


def _restore_postgresql(database: dict, path: Path) -> None:
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={database['NAME']}",
            str(path),
        ],
        database,
    )
