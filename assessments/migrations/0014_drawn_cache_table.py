# The cache table holding drawn charts and report PDFs when no Redis is configured
# (settings.CACHES["charts"], assessments/drawn_cache.py).
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", "lmm_charts", database=schema_editor.connection.alias
    )


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(
        f"DROP TABLE IF EXISTS {schema_editor.quote_name('lmm_charts')}"
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0013_german_questionnaire")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
