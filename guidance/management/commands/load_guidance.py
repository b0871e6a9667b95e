from pathlib import Path

from django.core.management.base import BaseCommand

from guidance.loading import load_guidance


class Command(BaseCommand):
    help = (
        "Läser in vägledningen från fixtures/guidance/ (eller de filer som anges) "
        "utan att skriva över administratörens ändringar."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Fixturfiler i laddordning.")

    def handle(self, *args, paths, **options):
        report = load_guidance(paths or None)
        for label in report.kept_local_edit:
            self.stdout.write(
                self.style.WARNING(f"Behöll administratörens ändring, läste inte in: {label}")
            )
        self.stdout.write(self.style.SUCCESS(report.summary()))
