"""The parts and what each may import (docs/architecture.md), checked on the source.

A new import that crosses a line the map forbids fails here, with the file and
the import named, before it tangles the parts.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("anhorigstod", "audit", "guidance", "referrals")
NEVER = ("bench", "loadtest", "tests")
MAX_LINES = 400

# part -> prefixes it may never import; ``ALLOWED`` makes exceptions to them.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "audit": ("anhorigstod", "guidance", "referrals"),
    "anhorigstod": ("guidance", "referrals"),
    "guidance": ("referrals",),
    "referrals": (),
    "referrals.intake": ("referrals.statistics",),
    "referrals.follow_up": ("referrals.intake", "referrals.statistics"),
    "referrals.statistics": ("referrals.intake", "referrals.follow_up"),
}
# Reading another part's models is how parts meet; its services, views and forms
# stay its own.
ALLOWED: dict[str, tuple[str, ...]] = {
    "referrals.follow_up": ("referrals.intake.models",),
    "referrals.statistics": ("referrals.intake.models", "referrals.follow_up.models"),
}
PARTS = sorted(FORBIDDEN, key=len, reverse=True)


def part_of(module: str) -> str:
    return next(part for part in PARTS if module == part or module.startswith(f"{part}."))


def imports_of(source: str) -> list[str]:
    """Every name imported, as a dotted path: ``from a.b import c`` gives ``a.b.c``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


def violations(module: str, source: str) -> list[str]:
    part = part_of(module)
    found = []
    for name in imports_of(source):
        if name.split(".")[0] in NEVER:
            found.append(f"{module} imports {name}")
            continue
        within = name == part or name.startswith(f"{part}.")
        forbidden = any(name == p or name.startswith(f"{p}.") for p in FORBIDDEN[part])
        allowed = any(name == p or name.startswith(f"{p}.") for p in ALLOWED.get(part, ()))
        if forbidden and not within and not allowed:
            found.append(f"{module} imports {name}")
    return sorted(set(found))


def product_modules():
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield module.removesuffix(".__init__"), path


MODULES = list(product_modules())


def test_no_part_imports_what_it_may_not():
    found = [line for module, path in MODULES for line in violations(module, path.read_text())]
    assert found == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("audit.trail", "from referrals.models import Contact", 1),
        ("anhorigstod.accounts", "from referrals import staff", 1),
        ("anhorigstod.urls", "from bench.views import minimal", 1),
        ("referrals.follow_up.services", "from referrals.intake import services", 1),
        ("referrals.follow_up.models", "from referrals.intake.models import Contact", 0),
        ("referrals.statistics.rollup", "from referrals.follow_up.models import Referral", 0),
        ("referrals.statistics.views", "from referrals.follow_up import selectors", 1),
        ("referrals.intake.services", "from referrals.follow_up.services import notify", 0),
        ("guidance.views", "import referrals.models", 1),
    ],
)
def test_the_check_catches_a_forbidden_import(module, source, expected):
    assert len(violations(module, source)) == expected


def test_no_module_is_over_400_lines():
    """Outside migrations, fixtures and tests: the product, the benchmark, the load
    test and the scripts."""
    skipped = {".venv", "migrations", "tests", "node_modules"}
    long = {
        str(path.relative_to(ROOT)): lines
        for path in ROOT.rglob("*.py")
        if not skipped.intersection(path.relative_to(ROOT).parts)
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


# A view parses, calls one selector or service, renders: any of these calls in a
# views module is a write (even ``context.update``: a view builds its context by
# returning it), and it imports nothing of the audit trail.
WRITES = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "record",
}


def view_problems(source: str) -> list[str]:
    problems = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
        ):
            problems.append(f"line {node.lineno}: .{node.func.attr}()")
    problems += [f"imports {name}" for name in imports_of(source) if name.split(".")[0] == "audit"]
    return problems


VIEW_MODULES = [(module, path) for module, path in MODULES if module.endswith("views")]


@pytest.mark.parametrize(("module", "path"), VIEW_MODULES, ids=[m for m, _ in VIEW_MODULES])
def test_views_only_read_and_delegate(module, path):
    """No ORM write and no audit record in a view: services do both."""
    assert view_problems(path.read_text()) == []


@pytest.mark.parametrize(
    "source",
    [
        "draft.save()",
        "Draft.objects.create(owner=user)",
        "Draft.objects.filter(pk=1).update(answers={})",
        "context.update(a=1)",
        "referral.sessions.all().delete()",
        "Draft.objects.get_or_create(start_token=token)",
        "trail.record(actor=user, action='x')",
        "from audit import trail",
        "from audit.trail import record",
        "from audit.models import AuditEvent",
        "import audit.trail",
    ],
)
def test_the_view_check_catches_each_kind_of_write_and_audit_import(source):
    assert view_problems(source)


def test_the_view_check_lets_reads_and_services_through():
    assert not view_problems(
        "services.delete_draft(draft=draft, actor=user)\n"
        "draft.refresh_from_db()\n"
        "Draft.objects.filter(owner=user)\n"
        "selectors.inbox(user=user, filters={})\n"
    )
