from pathlib import Path

from django.core.management.base import BaseCommand

from guidance.loading import load_guidance
from guidance.models import FixtureConflict


class Command(BaseCommand):
    help = (
        "Läser in vägledningen från fixtures/guidance/ (eller de filer som anges) "
        "utan att skriva över administratörens ändringar."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Fixturfiler i laddordning.")

    def handle(self, *args, paths, **options):
        report = load_guidance(paths or None)
        for rename in report.renamed:
            self.stdout.write(f"Ny nyckel: {rename}")
        for rename in report.rename_blocked:
            self.stdout.write(
                self.style.WARNING(f"Ny nyckel finns redan, slå ihop i administrationen: {rename}")
            )
        for label in report.deleted_by_administrator:
            self.stdout.write(
                self.style.WARNING(f"Borttagen av administratören, läses inte in igen: {label}")
            )
        for label in report.missing_reference:
            self.stdout.write(
                self.style.WARNING(f"Hänvisar till en borttagen post, inte helt inläst: {label}")
            )
        for label in report.conflicts:
            self.stdout.write(
                self.style.WARNING(f"Fixturen och administratörens ändring skiljer sig: {label}")
            )
        still_open = FixtureConflict.objects.count()
        if still_open:
            self.stdout.write(
                self.style.WARNING(
                    f"{still_open} skillnader mot fixturen väntar på beslut i administrationen "
                    "(Skillnader mot fixturen)."
                )
            )
        self.stdout.write(self.style.SUCCESS(report.summary()))
