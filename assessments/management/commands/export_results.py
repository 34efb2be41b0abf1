import json

from django.core.management.base import BaseCommand

from assessments import csv as safe_csv
from assessments import scoring, teams
from assessments.models import Response, Round
from assessments.selectors import submitted_responses

RESULT_COLUMNS = (
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
COLUMNS = ("organisation", "year", "respondent", "role", *RESULT_COLUMNS)
GAP_COLUMNS = (
    "marketing_x",
    "marketing_y",
    "sales_x",
    "sales_y",
    "gap_x",
    "gap_y",
    "gap_relationship_levels",
    "gap_maturity_levels",
    "disagreements",
)
ROUND_COLUMNS = (
    "organisation",
    "year",
    "responses",
    "closed",
    *RESULT_COLUMNS,
    *GAP_COLUMNS,
)

DECIMALS = 3


def result_fields(*, x, y, relationship_level, maturity_level, stage, verdict) -> dict:
    return {
        "x": round(x, DECIMALS),
        "y": round(y, DECIMALS),
        "relationship_level": relationship_level,
        "relationship": scoring.RELATIONSHIP_NAMES[relationship_level],
        "maturity_level": maturity_level,
        "maturity": scoring.MATURITY_NAMES[maturity_level],
        "stage": stage,
        "stage_name": scoring.STAGE_NAMES[stage],
        "verdict": str(verdict),
    }


def response_row(response) -> dict:
    return {
        "organisation": response.round.organisation.name,
        "year": response.round.year,
        "respondent": response.respondent.email,
        "role": response.role,
        **result_fields(
            x=response.x,
            y=response.y,
            relationship_level=response.relationship_level,
            maturity_level=response.maturity_level,
            stage=response.stage,
            verdict=response.verdict,
        ),
    }


def gap_fields(gap: scoring.PerceptionGap | None) -> dict:
    """Marketing and sales positions, their distance and the statements they
    disagree on most; all None when the round lacks one of the two roles."""
    if gap is None:
        return dict.fromkeys(GAP_COLUMNS)
    return {
        "marketing_x": round(gap.x_first, DECIMALS),
        "marketing_y": round(gap.y_first, DECIMALS),
        "sales_x": round(gap.x_second, DECIMALS),
        "sales_y": round(gap.y_second, DECIMALS),
        "gap_x": round(abs(gap.x_first - gap.x_second), DECIMALS),
        "gap_y": round(abs(gap.y_first - gap.y_second), DECIMALS),
        "gap_relationship_levels": gap.relationship_levels,
        "gap_maturity_levels": gap.maturity_levels,
        "disagreements": [d.code for d in gap.disagreements],
    }


def round_row(round_: Round) -> dict:
    """The round's team result (all submitted responses combined) and its gap."""
    combined = teams.round_result(round=round_)
    result = combined.team.result
    return {
        "organisation": round_.organisation.name,
        "year": round_.year,
        "responses": len(combined.respondents),
        "closed": round_.is_closed,
        **result_fields(
            x=result.x,
            y=result.y,
            relationship_level=result.relationship.level,
            maturity_level=result.maturity.level,
            stage=result.stage.number,
            verdict=result.verdict.code.value,
        ),
        **gap_fields(combined.gap),
    }


def rounds_with_submissions():
    """Rounds with at least one submitted response, in export order."""
    submitted = Response.objects.filter(status=Response.Status.SUBMITTED)
    return (
        Round.objects.filter(pk__in=submitted.values("round_id"))
        .select_related("organisation", "questionnaire")
        .order_by("organisation__name", "year", "pk")
    )


class Command(BaseCommand):
    help = (
        "Print one row per submitted response (position, levels, stage, verdict), "
        "or with --rounds one row per round: the team result and the marketing-sales "
        "perception gap."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument(
            "--rounds",
            action="store_true",
            help="One row per round with a submitted response: the team's combined "
            "result and the perception gap between marketing and sales.",
        )

    def handle(self, *args, format, rounds, **options):
        if rounds:
            columns = ROUND_COLUMNS
            rows = [round_row(round_) for round_ in rounds_with_submissions()]
        else:
            columns = COLUMNS
            rows = [response_row(response) for response in submitted_responses()]
        if format == "csv":
            safe_csv.write_rows(self.stdout, columns, rows)
        else:
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
