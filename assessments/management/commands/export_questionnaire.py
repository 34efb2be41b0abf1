import json

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from assessments.models import Part, Questionnaire
from assessments.questionnaire.data import questionnaire_current, questionnaire_data


def question_document(question, choices) -> dict:
    """A question with its choices; a lead-management statement also names its
    phase (2, 3, 4) and, from version 2, its lead-management stage."""
    document = {
        "code": question.code,
        "part": question.part.kind,
        "text": question.text,
    }
    if question.part.kind == Part.Kind.MATURITY:
        document["phase"] = question.phase
        document["lm_stage"] = question.lm_stage or None
    document["choices"] = [
        {"value": choice.value, "label": choice.label} for choice in choices
    ]
    return document


class Command(BaseCommand):
    help = "Print a questionnaire version as JSON: by default the newest published one."

    def add_arguments(self, parser):
        parser.add_argument(
            "--questionnaire-version", dest="questionnaire_version", type=int
        )

    def handle(self, *args, questionnaire_version=None, **options):
        try:
            if questionnaire_version is None:
                questionnaire = questionnaire_current()
            else:
                questionnaire = Questionnaire.objects.get(version=questionnaire_version)
        except (Http404, Questionnaire.DoesNotExist):
            raise CommandError("No such questionnaire version.") from None
        data = questionnaire_data(questionnaire)
        document = {
            "version": questionnaire.version,
            "questions": [
                question_document(question, data.choices[code].values())
                for code, question in data.questions.items()
            ],
        }
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
