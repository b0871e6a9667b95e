from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from guidance.directory_io.importing import apply_import
from guidance.directory_io.parsing import parse_csv


class Command(BaseCommand):
    help = (
        "Läser in en CSV med ändringar i stödkatalogen. Utan --apply är det en "
        "provkörning: ändringarna visas men sparas inte."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--apply", action="store_true", help="Spara ändringarna.")
        parser.add_argument("--user", help="Användarnamnet som står i historiken.")

    def handle(self, *args, path, apply, user, **options):
        parsed = parse_csv(path.read_bytes())
        if parsed.errors:
            raise CommandError("\n".join(parsed.errors))
        actor = get_user_model().objects.get(username=user) if user else None
        plan = apply_import(rows=parsed.rows, user=actor, dry_run=not apply)
        for row in plan.rows:
            for error in row.errors:
                self.stderr.write(f"Rad {row.line} ({row.key}): {error}")
            for change in row.changes:
                self.stdout.write(
                    f"Rad {row.line} ({row.key}) {change.field}: {change.old} → {change.new}"
                )
        counts = plan.counts
        summary = (
            f"{counts['new']} nya, {counts['changed']} ändrade, "
            f"{counts['unchanged']} oförändrade, {counts['error']} med fel"
        )
        if plan.has_errors:
            raise CommandError(f"{summary}. Inget sparades.")
        done = "Sparat" if apply else "Provkörning, inget sparat"
        self.stdout.write(self.style.SUCCESS(f"{done}: {summary}."))
