import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

# Version 2 is frozen like version 1: later versions get new files, never edits here.
SEED_FILE = Path(__file__).with_name("questionnaire_v2.json")


def seed_questionnaire(apps, schema_editor):
    Questionnaire = apps.get_model("assessments", "Questionnaire")
    Part = apps.get_model("assessments", "Part")
    Question = apps.get_model("assessments", "Question")
    Choice = apps.get_model("assessments", "Choice")

    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    if Questionnaire.objects.filter(version=data["version"]).exists():
        # A draft copied in the admin took the number: publish ours after it.
        data["version"] = Questionnaire.objects.order_by("-version").first().version + 1
    questionnaire = Questionnaire.objects.create(
        version=data["version"],
        title="Lead Management Maturity assessment",
        is_published=True,
        published_at=timezone.now(),
        asks_numbers=data["asks_numbers"],
    )
    for part_position, part_data in enumerate(data["parts"], start=1):
        part = Part.objects.create(
            questionnaire=questionnaire,
            kind=part_data["kind"],
            title=part_data["title"],
            intro=part_data.get("intro", ""),
            rating_scale=part_data.get("rating_scale", "agreement"),
            position=part_position,
        )
        for position, question_data in enumerate(part_data["questions"], start=1):
            question = Question.objects.create(
                part=part,
                code=question_data["code"],
                text=question_data["text"],
                help_text=question_data.get("help", ""),
                action=question_data.get("action", ""),
                phase=question_data.get("phase"),
                lm_stage=question_data.get("lm_stage", ""),
                position=position,
            )
            Choice.objects.bulk_create(
                Choice(
                    question=question,
                    value=choice["value"],
                    label=choice["label"],
                    position=choice_position,
                )
                for choice_position, choice in enumerate(
                    data["scales"][question_data["scale"]], start=1
                )
            )


def remove_questionnaire(apps, schema_editor):
    Questionnaire = apps.get_model("assessments", "Questionnaire")
    Questionnaire.objects.filter(version=2, rounds__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_assessment_v2")]

    operations = [migrations.RunPython(seed_questionnaire, remove_questionnaire)]
