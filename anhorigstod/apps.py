from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs):
    from anhorigstod.roles import sync_roles

    sync_roles()


class AnhorigstodConfig(AppConfig):
    name = "anhorigstod"
    verbose_name = "Anhörigstöd"

    def ready(self):
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="anhorigstod_sync_roles")
