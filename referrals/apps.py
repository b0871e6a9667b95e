from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Hänvisningar")

    def ready(self):
        from referrals import staff  # noqa: F401 - connects the workplace receivers
