import json
from pathlib import Path

from django.db import migrations

# English text -> German text for every part, question and choice of versions 1
# and 2. Matching by text rather than by version number also fills a draft copied
# from them before this migration ran.
TRANSLATIONS = Path(__file__).with_name("questionnaire_de.json")

FIELDS = {
    "Part": (("title", "title_de"), ("intro", "intro_de")),
    "Question": (
        ("text", "text_de"),
        ("help_text", "help_text_de"),
        ("action", "action_de"),
    ),
    "Choice": (("label", "label_de"),),
}


def add_german(apps, schema_editor):
    german = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))
    for model_name, pairs in FIELDS.items():
        model = apps.get_model("assessments", model_name)
        changed = []
        for row in model.objects.all():
            updated = False
            for english, translated in pairs:
                text = getattr(row, english)
                if text and not getattr(row, translated) and text in german:
                    setattr(row, translated, german[text])
                    updated = True
            if updated:
                changed.append(row)
        model.objects.bulk_update(changed, [t for _, t in pairs], batch_size=200)


def remove_german(apps, schema_editor):
    for model_name, pairs in FIELDS.items():
        apps.get_model("assessments", model_name).objects.update(
            **{translated: "" for _, translated in pairs}
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0012_german_fields")]

    operations = [migrations.RunPython(add_german, remove_german)]
