"""Team results are combined by new rules (median ratings, the stage at most what half
the members reach): drop the stored rows so each is computed again when next read."""

from django.db import migrations


def drop_stored_team_results(apps, schema_editor):
    apps.get_model("assessments", "TeamResult").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0015_answer_response_index")]

    operations = [
        migrations.RunPython(drop_stored_team_results, migrations.RunPython.noop)
    ]
