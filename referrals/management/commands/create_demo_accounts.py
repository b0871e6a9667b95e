from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from anhorigstod import roles
from guidance.models import District, InternalProvider
from referrals.demo import create_demo_contacts, create_demo_incident
from referrals.models import StaffProfile

DEMO_DISTRICT = "farsta"
DEMO_ACCOUNTS = [
    # username, first name, last name, role, may use the admin site, district, unit
    ("handlaggare", "Hanna", "Handläggare", roles.CASEWORKER, False, DEMO_DISTRICT, None),
    (
        "konsulent", "Kim", "Konsulent", roles.CONSULTANT, False,
        DEMO_DISTRICT, "relative-support-consultant",
    ),
    ("chef", "Charlie", "Chef", roles.MANAGER, False, DEMO_DISTRICT, None),
    ("admin", "Alva", "Administratör", roles.ADMINISTRATOR, True, None, None),
    ("anvandaradmin", "Ulla", "Användaradministratör", roles.USER_ADMINISTRATOR, True, None, None),
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Skapar demokonton och påhittade demokontakter (endast när DEBUG är på). "
        "Lösenord från DEMO_PASSWORD."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demokonton skapas bara när DJANGO_DEBUG är på.")
        roles.sync_roles()
        User = get_user_model()
        for username, first, last, role, is_staff, district, unit in DEMO_ACCOUNTS:
            user, _created = User.objects.get_or_create(username=username)
            user.first_name, user.last_name, user.is_staff = first, last, is_staff
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            if district:
                StaffProfile.objects.update_or_create(
                    user=user,
                    defaults={
                        "district": District.objects.get(key=district),
                        "provider": InternalProvider.objects.get(key=unit) if unit else None,
                    },
                )
            self.stdout.write(f"Demokonto {username} ({role})")
        created = create_demo_contacts(
            caseworker=User.objects.get(username="handlaggare"),
            consultant=User.objects.get(username="konsulent"),
        )
        if created:
            self.stdout.write(f"{created} påhittade demokontakter med hänvisningar")
        incident = create_demo_incident(
            consultant=User.objects.get(username="konsulent"),
            district=District.objects.get(key=DEMO_DISTRICT),
        )
        if incident is not None:
            self.stdout.write(f"Påhittad allvarlig händelse {incident.reference} i Farsta")
