import json

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from assessments.models import Questionnaire
from assessments.selectors import questionnaire_current, questionnaire_data


class Command(BaseCommand):
    help = "Print a questionnaire version (the current one by default) as JSON."

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
                {
                    "code": question.code,
                    "part": question.part.kind,
                    "text": question.text,
                    "choices": [
                        {"value": choice.value, "label": choice.label}
                        for choice in data.choices[code].values()
                    ],
                }
                for code, question in data.questions.items()
            ],
        }
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
