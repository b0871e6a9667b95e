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


WRITES = {"save", "create", "delete", "bulk_create", "get_or_create", "update_or_create"}
QUERYSETS = {"objects", "filter", "exclude", "all", "select_for_update"}


def _on_a_queryset(node: ast.expr) -> bool:
    """Whether an expression is built from ``.objects`` or a queryset method, so
    that ``context.update(...)`` on a dict is not taken for a write."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Attribute) and inner.attr in QUERYSETS:
            return True
    return False


def view_problems(source: str) -> list[str]:
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in WRITES or (name == "update" and _on_a_queryset(node.func.value)):
                problems.append(f"line {node.lineno}: .{name}()")
    problems += [f"imports {name}" for name in imports_of(source) if name.startswith("audit.trail")]
    return problems


VIEW_MODULES = [(module, path) for module, path in MODULES if module.endswith("views")]


@pytest.mark.parametrize(("module", "path"), VIEW_MODULES, ids=[m for m, _ in VIEW_MODULES])
def test_views_only_read_and_delegate(module, path):
    """No ORM write and no audit record in a view: services do both."""
    assert view_problems(path.read_text()) == []


def test_the_view_check_catches_a_write_and_an_audit_import():
    source = (
        "from audit import trail\n"
        "def post(request, context):\n"
        "    Thing.objects.create(a=1)\n"
        "    Thing.objects.filter(a=1).update(a=2)\n"
        "    context.update(a=3)\n"
    )
    assert view_problems(source) == [
        "line 3: .create()",
        "line 4: .update()",
        "imports audit.trail",
    ]
