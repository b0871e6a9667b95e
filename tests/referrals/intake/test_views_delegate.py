"""The intake views read and delegate: no database writes and no audit records of
their own; the services do both (STYLE.md: thin views, one writer)."""

import ast
from pathlib import Path

import pytest

import referrals.intake.views

WRITES = {
    "save", "create", "update", "delete",
    "get_or_create", "update_or_create", "bulk_create", "bulk_update",
}  # fmt: skip


def offences(source: str) -> list[str]:
    """Each write call and each import of the audit writer in ``source``, with its line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
        ):
            found.append(f"line {node.lineno}: .{node.func.attr}(")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {alias.name}"
                for alias in node.names
                if alias.name == "audit.trail" or alias.name.startswith("audit.trail.")
            ]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module == "audit.trail" or (
                module == "audit" and any(alias.name == "trail" for alias in node.names)
            ):
                found.append(f"line {node.lineno}: from {module} import …")
    return found


def test_the_intake_views_neither_write_nor_record():
    source = Path(referrals.intake.views.__file__).read_text()
    assert offences(source) == []


@pytest.mark.parametrize(
    "source",
    [
        "draft.save()",
        "Draft.objects.create(owner=user)",
        "Draft.objects.filter(pk=1).update(answers={})",
        "draft.delete()",
        "context.update(a=1)",
        "Draft.objects.get_or_create(start_token=token)",
        "from audit import trail",
        "from audit import models, trail as t",
        "from audit.trail import record",
        "import audit.trail",
    ],
)
def test_the_check_catches_each_kind_of_offence(source):
    assert offences(source)


def test_the_check_lets_reads_and_services_through():
    assert not offences(
        "services.delete_draft(draft=draft, actor=user)\n"
        "draft.refresh_from_db()\n"
        "from audit.models import AuditEvent\n"
        "Draft.objects.filter(owner=user)\n"
    )


@pytest.mark.django_db
def test_the_check_page_service_records_the_view_and_gives_the_summary(make_draft, caseworker):
    from audit.models import AuditEvent
    from referrals.intake import journey, services

    draft = make_draft()
    answers = journey.Answers(draft.answers)
    summary = services.view_check_page(draft=draft, user=caseworker, answers=answers)
    assert [step.slug for step, _lines in summary] == [step.slug for step in journey.STEPS]
    event = AuditEvent.objects.get(action=AuditEvent.Action.DRAFT_CHECK_VIEWED)
    assert event.details == {"draft": str(draft.pk)}
