"""Which internal providers serve children and young people: a flag on the provider.

The statistics used to name the child provider by its key in code. The flag is set
here for that provider where it already exists; a fresh database gets it from the
fixture (fixtures/guidance/50_internal_providers.json).
"""

from django.db import migrations, models

CHILD_PROVIDER_KEY = "outpatient-children"  # the provider flagged until now by key


def flag_the_child_provider(apps, schema_editor):
    InternalProvider = apps.get_model("guidance", "InternalProvider")
    InternalProvider.objects.filter(key=CHILD_PROVIDER_KEY).update(serves_children=True)


def serves_children() -> models.BooleanField:
    return models.BooleanField(
        default=False,
        help_text=(
            "Ger stöd till barn och unga. Hänvisningar hit räknas i statistiken som "
            "hänvisningar till stöd som tar emot barn."
        ),
        verbose_name="tar emot barn och unga",
    )


class Migration(migrations.Migration):
    dependencies = [("guidance", "0002_search_vector_gin_index")]

    operations = [
        migrations.AddField(
            model_name="historicalinternalprovider",
            name="serves_children",
            field=serves_children(),
        ),
        migrations.AddField(
            model_name="internalprovider", name="serves_children", field=serves_children()
        ),
        migrations.RunPython(flag_the_child_provider, migrations.RunPython.noop),
    ]
