"""Test settings: the production settings with a fast password hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
# `make postgres` creates this role; tests connect as it to prove what it may not do.
os.environ.setdefault("DJANGO_DB_APP_ROLE", "anhorig_app")

from anhorigstod.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "anhorigstod.sqlite_backend":  # noqa: F405
    # A file, not SQLite's shared in-memory database: concurrent requests then meet
    # the same locks as on a server (tests/test_sqlite_concurrency.py). One file per
    # run, so two runs in the same tree do not share it.
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"test_anhorigstod_{os.getpid()}.sqlite3")
    }
