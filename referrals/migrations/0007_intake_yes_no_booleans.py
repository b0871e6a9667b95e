"""Yes/no answers in drafts become booleans: "yes" is stored as true, "no" as false.

The guided path's yes/no fields (``referrals.fields.YesNoField``) clean to booleans
and a draft now stores them so. This converts the answers of drafts saved before;
reversing converts them back. The fields are listed here rather than read from the
forms, so the migration means the same whatever the forms become.

Rows are updated with ``update()``: the conversion is not an edit by the caseworker,
and must not restart a draft's retention period (``updated_at``).
"""

from django.db import migrations

YES_NO_FIELDS = {
    "first-contact": ("is_known_to_service",),
    "consent": ("consent_given",),
    "children": ("children_in_household", "relative_is_child", "child_at_risk"),
    "threats": ("threatened",),
}

TO_BOOLEAN = {"yes": True, "no": False}
TO_STRING = {True: "yes", False: "no"}


def _converted(answers, mapping):
    """The answers with every yes/no value mapped, or None when nothing changes."""
    if not isinstance(answers, dict):
        return None
    changed = False
    result = dict(answers)
    for slug, names in YES_NO_FIELDS.items():
        step = answers.get(slug)
        if not isinstance(step, dict):
            continue
        step = dict(step)
        for name in names:
            value = step.get(name)
            # Only a string or a boolean: 1 == True would otherwise match TO_STRING.
            if isinstance(value, bool | str) and value in mapping:
                step[name] = mapping[value]
                changed = True
        result[slug] = step
    return result if changed else None


def _convert(apps, mapping):
    Draft = apps.get_model("referrals", "Draft")
    for pk, answers in Draft.objects.values_list("pk", "answers").iterator():
        converted = _converted(answers, mapping)
        if converted is not None:
            Draft.objects.filter(pk=pk).update(answers=converted)


def forwards(apps, schema_editor):
    _convert(apps, TO_BOOLEAN)


def backwards(apps, schema_editor):
    _convert(apps, TO_STRING)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0006_delete_auditevent"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
