import json

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from assessments.bulk.exports.questionnaire import questionnaire_document
from assessments.models import Questionnaire
from assessments.questionnaire.data import questionnaire_current


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
        document = questionnaire_document(questionnaire)
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
