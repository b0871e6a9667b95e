from django.core.management.base import BaseCommand

from referrals.statistics import rollup


class Command(BaseCommand):
    help = "Beräknar statistikens månadssiffror på nytt från alla kontakter. Körs varje natt."

    def handle(self, *args, **options):
        run, _computed = rollup.compute()
        self.stdout.write(
            f"Beräknade statistiken för {run.contacts} kontakter på {run.seconds:.1f} sekunder."
        )
