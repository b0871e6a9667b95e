"""The dependency locks: runtime apart from development, every pin hashed, and the
pins the same as pyproject.toml's (`make lock` regenerates both)."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"
# Development and test tools, and what only they pull in: none belongs on a server.
DEV_TOOLS = {
    "axe-playwright-python",
    "bandit",
    "djlint",
    "factory-boy",
    "faker",
    "flask",
    "gevent",
    "geventhttpclient",
    "hypothesis",
    "locust",
    "pip-audit",
    "playwright",
    "pytest",
    "pytest-django",
    "ruff",
    "uv",
    "werkzeug",
}
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==(?P<version>[^\s;]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> list[str]:
    """The lock's requirements, each with its continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", path.read_text())
    return [
        line.strip()
        for line in joined.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in requirements(path):
        match = PIN.match(line)
        assert match, line
        found[normalise(match["name"])] = match["version"]
    return found


def pyproject_pins(entries: list[str]) -> dict[str, str]:
    return {normalise(PIN.match(entry)["name"]): PIN.match(entry)["version"] for entry in entries}


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, DEV_LOCK], ids=["runtime", "dev"])
def test_every_requirement_is_pinned_exactly_and_hashed(lock):
    lines = requirements(lock)
    assert len(lines) > 10
    for line in lines:
        assert PIN.match(line), f"not pinned with ==: {line[:80]}"
        assert "--hash=sha256:" in line, f"no hash: {line[:80]}"
        assert not line.startswith(("-e", "--", "git+", "http")), line[:80]


def test_the_runtime_lock_holds_no_development_tool():
    runtime = set(pins(RUNTIME_LOCK))
    dev_extras = set(pyproject_pins(PROJECT["optional-dependencies"]["dev"]))
    assert not runtime & (DEV_TOOLS | dev_extras)
    assert {"locust", "flask", "gevent", "pytest", "playwright", "ruff"} <= set(pins(DEV_LOCK))


def test_the_locks_agree_with_pyproject_and_with_each_other():
    runtime, dev = pins(RUNTIME_LOCK), pins(DEV_LOCK)
    for name, version in pyproject_pins(PROJECT["dependencies"]).items():
        assert runtime.get(name) == version, (name, runtime.get(name), version)
    for name, version in pyproject_pins(PROJECT["optional-dependencies"]["dev"]).items():
        assert dev.get(name) == version, (name, dev.get(name), version)
    # The dev lock is the runtime lock plus the tools, at the same pins.
    assert {name: dev.get(name) for name in runtime} == runtime
