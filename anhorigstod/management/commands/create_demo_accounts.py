from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from anhorigstod import roles

DEMO_ACCOUNTS = [
    # username, first name, last name, role, may use the admin site
    ("handlaggare", "Hanna", "Handläggare", roles.CASEWORKER, False),
    ("konsulent", "Kim", "Konsulent", roles.CONSULTANT, False),
    ("admin", "Alva", "Administratör", roles.ADMINISTRATOR, True),
]


class Command(BaseCommand):
    help = "Skapar demokonton (endast när DEBUG är på). Lösenord från DEMO_PASSWORD."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demokonton skapas bara när DJANGO_DEBUG är på.")
        roles.sync_roles()
        User = get_user_model()
        for username, first, last, role, is_staff in DEMO_ACCOUNTS:
            user, _created = User.objects.get_or_create(username=username)
            user.first_name, user.last_name, user.is_staff = first, last, is_staff
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"Demokonto {username} ({role})")
