import csv
import json

from django.core.management.base import BaseCommand

from assessments import scoring
from assessments.selectors import submitted_responses

COLUMNS = (
    "organisation",
    "year",
    "respondent",
    "role",
    "x",
    "y",
    "relationship_level",
    "relationship",
    "maturity_level",
    "maturity",
    "stage",
    "stage_name",
    "verdict",
)


def response_row(response) -> dict:
    return {
        "organisation": response.round.organisation.name,
        "year": response.round.year,
        "respondent": response.respondent.email,
        "role": response.role,
        "x": round(response.x, 3),
        "y": round(response.y, 3),
        "relationship_level": response.relationship_level,
        "relationship": scoring.RELATIONSHIP_NAMES[response.relationship_level],
        "maturity_level": response.maturity_level,
        "maturity": scoring.MATURITY_NAMES[response.maturity_level],
        "stage": response.stage,
        "stage_name": scoring.STAGE_NAMES[response.stage],
        "verdict": response.verdict,
    }


class Command(BaseCommand):
    help = "Print one row per submitted response: position, levels, stage and verdict."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args, format, **options):
        rows = [response_row(response) for response in submitted_responses()]
        if format == "csv":
            writer = csv.DictWriter(
                self.stdout, fieldnames=COLUMNS, lineterminator="\n"
            )
            writer.writeheader()
            writer.writerows(rows)
        else:
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
