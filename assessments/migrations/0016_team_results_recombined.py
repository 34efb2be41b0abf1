"""Team results are combined by new rules (median ratings, the stage at most what half
the members reach): drop the stored rows so each is computed again when next read.

One German word per concept: the dedicated-team and nurturing statements said
"entwickelt, bewertet" for nurturing and scoring, which collides with the page's
"Bewertung" (a rating). Only the German wording changes, never what is asked.
"""

from django.db import migrations

GERMAN_WORDING = {
    "Ein eigenes Team generiert, entwickelt, bewertet und qualifiziert unsere Leads.": (
        "Ein eigenes Team generiert unsere Leads, betreibt Nurturing und Lead-Scoring "
        "und qualifiziert sie."
    ),
    "Ein eigenes Lead-Management-Team, das Leads generiert, entwickelt, bewertet und "
    "qualifiziert.": (
        "Ein eigenes Lead-Management-Team, das Leads generiert, Nurturing und "
        "Lead-Scoring betreibt und sie qualifiziert."
    ),
    "Leads, die noch nicht reif für den Vertrieb sind, werden mit geplanten, "
    "regelmäßigen Inhalten weiterentwickelt (Nurturing).": (
        "Leads, die noch nicht reif für den Vertrieb sind, werden mit geplanten, "
        "regelmäßigen Inhalten im Nurturing betreut."
    ),
}


def drop_stored_team_results(apps, schema_editor):
    apps.get_model("assessments", "TeamResult").objects.all().delete()


def reword_german(apps, schema_editor):
    question = apps.get_model("assessments", "Question")
    for old, new in GERMAN_WORDING.items():
        question.objects.filter(text_de=old).update(text_de=new)


def reword_german_back(apps, schema_editor):
    question = apps.get_model("assessments", "Question")
    for old, new in GERMAN_WORDING.items():
        question.objects.filter(text_de=new).update(text_de=old)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0015_answer_response_index")]

    operations = [
        migrations.RunPython(drop_stored_team_results, migrations.RunPython.noop),
        migrations.RunPython(reword_german, reword_german_back),
    ]
