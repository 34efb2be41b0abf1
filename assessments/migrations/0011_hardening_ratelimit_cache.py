# The cache table holding django-ratelimit's counts (settings.CACHES["ratelimit"]).
# Made here so that `migrate` alone prepares a database, as everywhere else.
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", "lmm_ratelimit", database=schema_editor.connection.alias
    )


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(
        f"DROP TABLE IF EXISTS {schema_editor.quote_name('lmm_ratelimit')}"
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0010_hardening_visible_names")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
