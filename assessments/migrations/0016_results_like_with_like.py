"""Issue 18's data changes.

Questions declare which question of the previous version they are the same as, so
years compare statement by statement only where they ask the same (version 2 keeps
version 1's relationship statements and diagnostics; its lead-management statements
use a new scale and are not the same).

Submitted responses on the definition-and-use scale (version 2) are scored again for
their position: a practice only talked about no longer counts as defined, and the top
level needs the dedicated team (docs/scoring.md §3). Version 1 responses keep theirs.

Team results are combined by new rules (median ratings, the stage at most what half
the members reach): drop the stored rows so each is computed again when next read.

One German word per concept: the dedicated-team and nurturing statements said
"entwickelt, bewertet" for nurturing and scoring, which collides with the page's
"Bewertung" (a rating), and lead stages (statuses) and funnel stages were "Stufen", the
word kept for the four stages. Only the German wording changes, never what is asked.
"""

from django.db import migrations, models

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
    # Lead stages (statuses) and funnel stages are not the four stages.
    "Marketing und Vertrieb haben unseren Vertriebstrichter und seine Stufen gemeinsam entworfen.": (
        "Marketing und Vertrieb haben unseren Vertriebstrichter und seine Phasen gemeinsam entworfen."
    ),
    "Bilden Sie den Kaufprozess des Kunden in einer gemeinsamen Sitzung ab und richten Sie die Stufen des Trichters daran aus.": (
        "Bilden Sie den Kaufprozess des Kunden in einer gemeinsamen Sitzung ab und richten Sie die Phasen des Trichters daran aus."
    ),
    "Wir haben eine vereinbarte Liste von Lead-Stufen, die beide Teams verwenden.": (
        "Wir haben eine vereinbarte Liste von Lead-Status, die beide Teams verwenden."
    ),
    "Vereinbaren Sie eine einzige Liste von Lead-Stufen vom neuen Lead bis zu gewonnen oder verloren und schaffen Sie alle lokalen Varianten ab.": (
        "Vereinbaren Sie eine einzige Liste von Lead-Status vom neuen Lead bis zu gewonnen oder verloren und schaffen Sie alle lokalen Varianten ab."
    ),
    "Jede Lead-Stufe hat eine dokumentierte verantwortliche Person, eine maximale Verweildauer und einen festgelegten nächsten Schritt.": (
        "Jeder Lead-Status hat eine dokumentierte verantwortliche Person, eine maximale Verweildauer und einen festgelegten nächsten Schritt."
    ),
    "Dokumentieren Sie für jede Lead-Stufe die verantwortliche Person, die maximale Verweildauer eines Leads und den nächsten Schritt.": (
        "Dokumentieren Sie für jeden Lead-Status die verantwortliche Person, die maximale Verweildauer eines Leads und den nächsten Schritt."
    ),
    "Ja bedeutet: Lead-Volumen, erzeugte Pipeline, Zeit bis zum Erstkontakt, Durchlaufgeschwindigkeit je Stufe und Qualität der Quellen stammen aus einem fertigen Bericht.": (
        "Ja bedeutet: Lead-Volumen, erzeugte Pipeline, Zeit bis zum Erstkontakt, Durchlaufgeschwindigkeit je Lead-Status und Qualität der Quellen stammen aus einem fertigen Bericht."
    ),
    "Jede Lead-Stufe hat eine verantwortliche Person, eine maximale Verweildauer und einen festgelegten nächsten Schritt.": (
        "Jeder Lead-Status hat eine verantwortliche Person, eine maximale Verweildauer und einen festgelegten nächsten Schritt."
    ),
}


def declare_version_2_mapping(apps, schema_editor):
    question = apps.get_model("assessments", "Question")
    question.objects.filter(
        part__questionnaire__version=2, part__kind__in=("relationship", "diagnostic")
    ).update(same_as=models.F("code"))


def rescore_definition_use(apps, schema_editor):
    """Submitted responses on the definition-and-use scale get the position the pages
    now compute: "talked about" (2) no longer counts as defined, the top level needs
    the dedicated team. Only y, the lead-management level and the verdict can move;
    version 1 responses are not touched."""
    from assessments import scoring

    response_model = apps.get_model("assessments", "Response")
    answer_model = apps.get_model("assessments", "Answer")
    responses = response_model.objects.filter(
        status="submitted",
        round__questionnaire__parts__kind="maturity",
        round__questionnaire__parts__rating_scale="definition_use",
    )
    for response in responses.iterator():
        rows = answer_model.objects.filter(
            response=response, question__part__kind__in=("relationship", "maturity")
        ).values_list(
            "question__code",
            "question__phase",
            "question__part__kind",
            "choice__value",
        )
        relationship, maturity = [], []
        for code, phase, kind, value in rows:
            statement = scoring.Statement(code=code, rating=value, phase=phase)
            (relationship if kind == "relationship" else maturity).append(statement)
        if not relationship or not maturity:
            continue
        x = scoring.relationship_position(relationship)
        y = scoring.maturity_position(maturity, scale=scoring.DEFINITION_USE_SCALE)
        response.y = y.value
        response.maturity_level = y.level
        response.verdict = scoring.verdict_for(x, y).code.value
        response.save(update_fields=["y", "maturity_level", "verdict"])


def drop_stored_team_results(apps, schema_editor):
    apps.get_model("assessments", "TeamResult").objects.all().delete()


GERMAN_FIELDS = ("text_de", "help_text_de", "action_de")


def reword_german(apps, schema_editor):
    question = apps.get_model("assessments", "Question")
    for old, new in GERMAN_WORDING.items():
        for name in GERMAN_FIELDS:
            question.objects.filter(**{name: old}).update(**{name: new})


class Migration(migrations.Migration):
    dependencies = [("assessments", "0015_answer_response_index")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="same_as",
            field=models.SlugField(
                blank=True,
                db_index=False,
                help_text=(
                    "Code of the question in the previous version that asks exactly "
                    "the same on the same scale; empty when the question is new or "
                    "changed. Years are compared statement by statement only through "
                    "this mapping."
                ),
                max_length=40,
                verbose_name="same question as",
            ),
        ),
        # One vocabulary: Carroll's six are lead-process areas, "stage" is one of four.
        migrations.AlterField(
            model_name="question",
            name="lm_stage",
            field=models.CharField(
                blank=True,
                choices=[
                    ("generation", "Lead generation"),
                    ("qualification", "Lead qualification"),
                    ("nurturing", "Lead nurturing"),
                    ("distribution", "Lead distribution"),
                    ("pursuit", "Lead pursuit"),
                    ("tracking", "Lead tracking and reporting"),
                ],
                help_text=(
                    "Which of the six lead-process areas the statement covers "
                    "(lead management part only)."
                ),
                max_length=20,
                verbose_name="lead-process area",
            ),
        ),
        # Data after the schema: PostgreSQL refuses to alter a table with updates
        # pending in the same transaction.
        migrations.RunPython(declare_version_2_mapping, migrations.RunPython.noop),
        migrations.RunPython(rescore_definition_use, migrations.RunPython.noop),
        migrations.RunPython(drop_stored_team_results, migrations.RunPython.noop),
        # Going back keeps the better German: an update before the column is dropped
        # would leave PostgreSQL with pending trigger events in the same transaction.
        migrations.RunPython(reword_german, migrations.RunPython.noop),
    ]
