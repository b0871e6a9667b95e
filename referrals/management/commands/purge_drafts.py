from django.conf import settings
from django.core.management.base import BaseCommand

from referrals.intake.services import purge_expired_drafts


class Command(BaseCommand):
    help = "Raderar utkast som inte ändrats på DRAFT_RETENTION_DAYS dagar. Körs dagligen."

    def handle(self, *args, **options):
        count = purge_expired_drafts()
        self.stdout.write(
            f"Raderade {count} utkast äldre än {settings.DRAFT_RETENTION_DAYS} dagar."
        )
