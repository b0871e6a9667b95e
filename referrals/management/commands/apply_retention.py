from django.conf import settings
from django.core.management.base import BaseCommand

from referrals.outreach.retention import anonymise_closed_incidents
from referrals.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Avidentifierar kontakter vars gallringsfrist (CONTACT_RETENTION_DAYS) har passerat, "
        "och allvarliga händelser som varit avslutade längre än INCIDENT_RETENTION_DAYS. "
        "Körs dagligen."
    )

    def handle(self, *args, **options):
        count = apply_retention()
        self.stdout.write(
            f"Avidentifierade {count} kontakter äldre än {settings.CONTACT_RETENTION_DAYS} dagar."
        )
        incidents = anonymise_closed_incidents()
        self.stdout.write(
            f"Avidentifierade {incidents} allvarliga händelser avslutade för mer än "
            f"{settings.INCIDENT_RETENTION_DAYS} dagar sedan."
        )
