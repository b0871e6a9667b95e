import json
from pathlib import Path

from django.core.management.base import BaseCommand

from guidance.directory_io.export import directory_csv
from guidance.directory_io.hsds import directory_hsds


class Command(BaseCommand):
    help = "Exporterar stödkatalogen som CSV (standard) eller som HSDS 3 JSON."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "hsds"], default="csv")
        parser.add_argument("--output", type=Path, help="Fil att skriva (standard: utdata).")

    def handle(self, *args, format, output, **options):
        if format == "csv":
            content = directory_csv()
        else:
            content = json.dumps(directory_hsds(), ensure_ascii=False, indent=2)
        if output:
            output.write_text(content, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Skrev {output}"))
        else:
            self.stdout.write(content, ending="")
