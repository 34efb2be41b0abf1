# The cache table every process shares when no Redis is configured
# (settings.CACHES["shared"]): an import's progress, the portfolio's generation.
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", "lmm_shared", database=schema_editor.connection.alias
    )


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(
        f"DROP TABLE IF EXISTS {schema_editor.quote_name('lmm_shared')}"
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0024_portfolio_gap_latest")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
