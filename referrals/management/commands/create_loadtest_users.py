import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from anhorigstod import roles
from guidance.models import District, InternalProvider
from referrals.models import StaffProfile

PREFIX = "loadtest"
CONSULTANT_UNIT = "relative-support-consultant"


def caseworker_name(number: int) -> str:
    return f"{PREFIX}-caseworker-{number:03d}"


def consultant_name(number: int) -> str:
    return f"{PREFIX}-consultant-{number:03d}"


class Command(BaseCommand):
    help = (
        "Skapar användare för lasttestet: handläggare och anhörigkonsulenter, konsulent nummer "
        "n i förvaltning n (i bokstavsordning). Lösenordet tas från LOADTEST_PASSWORD. Körs "
        "bara mot en databas vars namn innehåller 'loadtest'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--caseworkers", type=int, default=50)
        parser.add_argument("--consultants", type=int, default=50)

    def handle(self, *args, caseworkers, consultants, **options):
        password = os.environ.get("LOADTEST_PASSWORD", "")
        if not password:
            raise CommandError("Ange lösenordet i LOADTEST_PASSWORD.")
        database = str(settings.DATABASES["default"]["NAME"])
        if PREFIX not in database:
            raise CommandError(
                f"Databasen {database} är ingen lasttestdatabas (namnet saknar '{PREFIX}')."
            )
        roles.sync_roles()
        hashed = make_password(password)  # hashed once: the hasher is slow on purpose
        districts = list(District.objects.order_by("key"))
        unit = InternalProvider.objects.get(key=CONSULTANT_UNIT)
        with transaction.atomic():
            for number in range(caseworkers):
                self._user(caseworker_name(number), hashed, roles.CASEWORKER)
            for number in range(consultants):
                user = self._user(consultant_name(number), hashed, roles.CONSULTANT)
                StaffProfile.objects.update_or_create(
                    user=user,
                    defaults={"district": districts[number % len(districts)], "provider": unit},
                )
        self.stdout.write(f"{caseworkers} handläggare och {consultants} konsulenter.")

    def _user(self, username: str, hashed: str, role: str):
        user, _created = get_user_model().objects.update_or_create(
            username=username, defaults={"password": hashed, "is_active": True}
        )
        user.groups.set([Group.objects.get(name=role)])
        return user
