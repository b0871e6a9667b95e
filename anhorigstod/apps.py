from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs):
    """Run once per migrate, after the last app with models has its permissions."""
    last_app_with_models = [app for app in apps.get_app_configs() if app.models_module][-1]
    if sender is last_app_with_models:
        from anhorigstod.database_roles import grant_app_role
        from anhorigstod.roles import sync_roles

        sync_roles()
        grant_app_role(using=kwargs.get("using", "default"))


class AnhorigstodConfig(AppConfig):
    name = "anhorigstod"
    verbose_name = "Anhörigstöd"

    def ready(self):
        from anhorigstod import accounts, security  # noqa: F401 - connect their receivers

        accounts.connect_axes()

        post_migrate.connect(_sync_roles, dispatch_uid="anhorigstod_sync_roles")
