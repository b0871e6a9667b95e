"""The benchmark's gunicorn: the harness's server with production settings over plain
HTTP, the minimal view mounted (``bench.settings``) and the bare view served without
middleware (``bench.wsgi``)."""

import os
import secrets
import tempfile
from pathlib import Path

from bench import harness

HOST = harness.HOST
# gunicorn's output (the request log, any error), outside the repository.
SERVER_LOG = Path(tempfile.gettempdir()) / "anhorigstod-bench-gunicorn.log"
# Worker set-ups the sweep tries: (worker class, workers, threads per worker).
SWEEP = [("sync", 2, 1), ("sync", 3, 1), ("sync", 4, 1), ("gthread", 2, 4), ("gthread", 3, 2)]


def server_environment(database_url: str) -> dict[str, str]:
    """Production settings over plain HTTP, with the minimal view mounted."""
    return harness.production_env(
        database_url,
        settings_module="bench.settings",
        pass_through=("DJANGO_DB_POOL",),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
    )


def Server(
    env: dict[str, str], worker_class: str = "sync", workers: int = 3, threads: int = 1
) -> harness.Server:
    """gunicorn as the benchmark runs it: short keep-alive and graceful stop."""
    return harness.Server(
        env,
        worker_class,
        workers,
        threads,
        keep_alive=5,
        graceful_timeout=5,
        app="bench.wsgi:application",
    )
