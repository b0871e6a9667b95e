"""Verification rounds (issue 15, ask 2).

- The outcomes of a check are renamed: "confirmed" becomes "unchanged" and
  "corrected" becomes "updated"; "closed" and "unreachable" stay.
- "Kontrollerad av" was typed by hand in the admin and sometimes held a to-do
  note instead of a name. A value is kept as a name when it is the name or
  username of an account, or the name on a recorded check of the service, or
  the service was never edited in the admin (then the value came from the
  fixtures, e.g. "Stödmaterialet (Socialförvaltningen, 2021)", and the loader
  owns it). Anything else an administrator typed is moved to ``todo_note``
  and the name left empty: we cannot tell who checked.
"""

from django.db import migrations, models

RENAMED = {"confirmed": "unchanged", "corrected": "updated"}


def rename_outcomes(apps, schema_editor, mapping=RENAMED):
    ServiceCheck = apps.get_model("guidance", "ServiceCheck")
    for old, new in mapping.items():
        ServiceCheck.objects.filter(outcome=old).update(outcome=new)


def restore_outcomes(apps, schema_editor):
    rename_outcomes(apps, schema_editor, {new: old for old, new in RENAMED.items()})


def _known_names(apps) -> set[str]:
    User = apps.get_model("auth", "User")
    names = set()
    for first, last, username in User.objects.values_list("first_name", "last_name", "username"):
        names.add(username)
        full = f"{first} {last}".strip()
        if full:
            names.add(full)
    return names


def move_todo_notes(apps, schema_editor):
    Service = apps.get_model("guidance", "Service")
    ServiceCheck = apps.get_model("guidance", "ServiceCheck")
    users = _known_names(apps)
    for service in Service.objects.filter(locally_edited=True).exclude(last_verified_by=""):
        typed = service.last_verified_by.strip()
        checkers = set(
            ServiceCheck.objects.filter(service=service).values_list("checked_by_name", flat=True)
        )
        if typed in users or typed in checkers:
            continue
        note = "\n".join(part for part in (service.todo_note.strip(), typed) if part)
        # ``update``: moving the note is not an edit, ``updated_at`` stays.
        Service.objects.filter(pk=service.pk).update(todo_note=note, last_verified_by="")


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0007_form"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterField(
            model_name="servicecheck",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("unchanged", "Oförändrad"),
                    ("updated", "Uppdaterad"),
                    ("closed", "Nedlagd eller stängd"),
                    ("unreachable", "Gick inte att nå"),
                ],
                default="unchanged",
                max_length=20,
                verbose_name="resultat",
            ),
        ),
        migrations.RunPython(rename_outcomes, restore_outcomes),
        migrations.RunPython(move_todo_notes, migrations.RunPython.noop),
    ]
