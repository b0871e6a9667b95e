from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from anhorigstod.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen (SQLite eller PostgreSQL enligt DATABASE_URL) till en "
        "tidsstämplad fil. Skriver filens sökväg."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=settings.BASE_DIR / "backups",
            help="Katalog för säkerhetskopian (backups/).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, directory, database, **options):
        try:
            path = backup(database=settings.DATABASES[database], directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
