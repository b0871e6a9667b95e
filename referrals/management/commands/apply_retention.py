from django.conf import settings
from django.core.management.base import BaseCommand

from referrals.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Avidentifierar kontakter vars gallringsfrist (CONTACT_RETENTION_DAYS) har passerat. "
        "Körs dagligen."
    )

    def handle(self, *args, **options):
        count = apply_retention()
        self.stdout.write(
            f"Avidentifierade {count} kontakter äldre än {settings.CONTACT_RETENTION_DAYS} dagar."
        )
