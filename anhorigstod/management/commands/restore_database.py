from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from anhorigstod.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Återställer databasen (SQLite eller PostgreSQL enligt DATABASE_URL) från en "
        "säkerhetskopia. Allt som finns i databasen nu ersätts. Stoppa portalen först."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Säkerhetskopian (från backup_database).")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Fråga inte först."
        )

    def handle(self, *args, path, database, interactive, **options):
        db = settings.DATABASES[database]
        if interactive:
            try:
                answer = input(
                    f"Allt i databasen {db['NAME']} ersätts med {path}. "
                    "Skriv 'ja' för att fortsätta: "
                )
            except EOFError:
                answer = ""
            if answer.strip().lower() != "ja":
                raise CommandError("Avbrutet, inget har ändrats.")
        connections[database].close()
        try:
            restore(database=db, path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Databasen {db['NAME']} är återställd från {path}.")
