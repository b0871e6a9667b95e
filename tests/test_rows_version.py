"""The digest a list's kept rows are keyed by (anhorigstod.fragments.rows_version)."""

from types import SimpleNamespace

from django.utils import translation

from anhorigstod.fragments import rows_version

FIELDS = ("action", "plan__district__name", "owner__username")


def _row(pk=1, action="Ring", district="Farsta", owner="kim"):
    plan = SimpleNamespace(district=SimpleNamespace(name=district))
    return SimpleNamespace(
        pk=pk,
        action=action,
        plan=plan,
        owner=None if owner is None else SimpleNamespace(username=owner),
    )


def test_the_same_rows_give_the_same_digest():
    assert rows_version([_row()], FIELDS) == rows_version([_row()], FIELDS)


def test_every_field_shown_its_relations_too_changes_the_digest():
    digest = rows_version([_row()], FIELDS)
    changed = [
        _row(pk=2),
        _row(action="Skriv"),
        _row(district="Skärholmen"),
        _row(owner="alex"),
        _row(owner=None),
    ]
    digests = {rows_version([row], FIELDS) for row in changed}
    assert digest not in digests and len(digests) == len(changed)


def test_what_is_worked_out_the_order_and_the_language_change_the_digest():
    rows = [_row(pk=1), _row(pk=2)]
    digest = rows_version(rows, FIELDS)
    assert rows_version(rows, FIELDS, lambda row: (row.pk == 1,)) != digest
    assert rows_version(list(reversed(rows)), FIELDS) != digest
    with translation.override("en"):
        assert rows_version(rows, FIELDS) != digest
