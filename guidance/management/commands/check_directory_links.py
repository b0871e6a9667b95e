from collections import Counter

from django.core.management.base import BaseCommand

from guidance import link_check
from guidance.models import LinkCheck


class Command(BaseCommand):
    help = (
        "Besöker varje webbadress i vägledningen och kontaktlistan (HEAD, sedan GET) "
        "och sparar resultatet per adress. Adresser som inte går att nå rapporteras; "
        "kommandot misslyckas inte för det."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="Sekunder att vänta per adress."
        )
        parser.add_argument(
            "--workers", type=int, default=4, help="Hur många adresser som besöks åt gången."
        )

    def handle(self, *args, timeout, workers, **options):
        used_by = link_check.collect_urls()
        outcomes = link_check.check_all(list(used_by), timeout=timeout, workers=workers)
        link_check.record(outcomes, used_by)
        labels = dict(LinkCheck.Result.choices)
        for outcome in outcomes:
            if outcome.result in (LinkCheck.Result.BROKEN, LinkCheck.Result.UNREACHABLE):
                status = outcome.status_code or outcome.detail
                self.stdout.write(
                    self.style.WARNING(f"{labels[outcome.result]}: {outcome.url} ({status})")
                )
        counts = Counter(outcome.result for outcome in outcomes)
        summary = ", ".join(
            f"{counts[result]} {str(label).lower()}" for result, label in labels.items()
        )
        self.stdout.write(self.style.SUCCESS(f"{len(outcomes)} adresser kontrollerade: {summary}"))
