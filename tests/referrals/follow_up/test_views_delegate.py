"""The follow-up's views only read and delegate: every write and every audit event
happens in ``services`` (or, for a view of the page, in ``referrals.pages``)."""

import ast
from pathlib import Path

from django.conf import settings

VIEWS = Path(settings.BASE_DIR) / "referrals" / "follow_up" / "views.py"
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


def offences(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in WRITES:
                found.append(f"line {node.lineno}: .{node.func.attr}()")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "audit":
            found.append(f"line {node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {alias.name}"
                for alias in node.names
                if alias.name.split(".")[0] == "audit"
            ]
    return found


def test_the_follow_up_views_write_nothing_and_record_nothing():
    assert offences(VIEWS.read_text(encoding="utf-8")) == []


def test_the_check_finds_what_it_looks_for():
    source = """
from audit import trail
import audit.trail
from audit.models import AuditEvent
def post(request, referral):
    referral.save()
    Referral.objects.create(reference="x")
    Referral.objects.filter(pk=1).update(status="closed")
    referral.sessions.all().delete()
    trail.record(actor=request.user, action="x")
"""
    assert [offence.split(": ")[1] for offence in offences(source)] == [
        "from audit import …",
        "import audit.trail",
        "from audit.models import …",
        ".save()",
        ".create()",
        ".update()",
        ".delete()",
        ".record()",
    ]
