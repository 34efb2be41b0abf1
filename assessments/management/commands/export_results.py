import json
import textwrap

from django.core.management.base import BaseCommand, CommandError

from assessments import csv as safe_csv
from assessments import export_stream, funnel, plans, scoring, teams
from assessments.models import Round
from assessments.responses import submitted_responses

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
CONTEXT_COLUMNS = (
    "industry",
    "revenue_team_size",
    "monthly_lead_volume",
    "questionnaire_version",
)
# Assessment v2: the checks in the order shown, the statement codes of "start with
# your weakest answers" in order, and the team's numbers with the funnel's ratios.
PLAN_COLUMNS = ("checks", "actions")
RATIO_COLUMNS = tuple(
    f"ratio_{source}_{target}"
    for source, target in zip(
        funnel.FUNNEL_STEPS, funnel.FUNNEL_STEPS[1:], strict=False
    )
)
NUMBER_COLUMNS = (*funnel.NUMBER_FIELDS, *RATIO_COLUMNS)
COLUMNS = (
    "organisation",
    "year",
    *CONTEXT_COLUMNS,
    "respondent",
    "role",
    *RESULT_COLUMNS,
    *PLAN_COLUMNS,
    *NUMBER_COLUMNS,
)
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
    *CONTEXT_COLUMNS,
    "responses",
    "closed",
    *RESULT_COLUMNS,
    *GAP_COLUMNS,
    *PLAN_COLUMNS,
    *NUMBER_COLUMNS,
)
ACTION_COLUMNS = (
    "organisation",
    "year",
    "title",
    "source",
    "source_code",
    "owner",
    "due_date",
    "status",
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


def context_fields(round_, scale_from) -> dict:
    """The organisation's industry, its size at submission and the questionnaire
    version: what tells rows of different kinds of clients and versions apart."""
    return {
        "industry": round_.organisation.industry,
        "revenue_team_size": scale_from.revenue_team_size if scale_from else None,
        "monthly_lead_volume": scale_from.monthly_lead_volume if scale_from else None,
        "questionnaire_version": round_.questionnaire.version,
    }


def plan_fields(result: scoring.Result) -> dict:
    return {
        "checks": [check.code for check in result.checks],
        "actions": list(result.upgrade.weakest),
    }


def number_fields(numbers: funnel.Numbers | None) -> dict:
    """The figures given and the ratio of each funnel step to the one before it."""
    if numbers is None:
        return dict.fromkeys(NUMBER_COLUMNS)
    ratios = funnel.funnel_for(numbers).ratios
    return {
        **{name: getattr(numbers, name) for name in funnel.NUMBER_FIELDS},
        **{
            column: ratio.value
            for column, ratio in zip(RATIO_COLUMNS, ratios, strict=True)
        },
    }


def response_row(response, result=None, numbers=None) -> dict:
    return {
        "organisation": response.round.organisation.name,
        "year": response.round.year,
        **context_fields(response.round, response),
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
        **(plan_fields(result) if result else dict.fromkeys(PLAN_COLUMNS)),
        **number_fields(numbers),
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


def round_row(round_: Round, combined: teams.RoundResult | None = None) -> dict:
    """The round's team result (all submitted responses combined) and its gap;
    `combined` when already computed, else two queries."""
    combined = combined or teams.round_result(round=round_)
    result = combined.team.result
    return {
        "organisation": round_.organisation.name,
        "year": round_.year,
        # The team is judged at the size of the latest submission (see teams).
        **context_fields(round_, combined.respondents[-1].response),
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
        **plan_fields(result),
        **number_fields(combined.numbers),
    }


def rounds_with_submissions():
    """Rounds with at least one submitted response, in export order."""
    return export_stream.submitted_rounds()


class Command(BaseCommand):
    help = (
        "Print one row per submitted response (position, levels, stage, verdict), "
        "or with --rounds one row per round: the team result and the marketing-sales "
        "perception gap, or with --actions one row per action of the plans."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument(
            "--rounds",
            action="store_true",
            help="One row per round with a submitted response: the team's combined "
            "result and the perception gap between marketing and sales.",
        )
        parser.add_argument(
            "--actions",
            action="store_true",
            help="One row per action of every organisation's plan: organisation, "
            "year adopted, title, source code, owner email, due date, status.",
        )

    def handle(self, *args, format, rounds, actions, **options):
        if rounds and actions:
            raise CommandError("Choose one of --rounds and --actions.")
        if actions:
            columns = ACTION_COLUMNS
            rows = plans.actions_export_rows()
        elif rounds:
            columns = ROUND_COLUMNS
            rows = export_stream.round_rows(rounds_with_submissions())
        else:
            columns = COLUMNS
            # The primary key settles ties, so chunks never overlap or skip a row.
            rows = export_stream.response_rows(
                submitted_responses()
                .select_related("round__questionnaire")
                .order_by(*submitted_responses().query.order_by, "pk")
            )
        if format == "csv":
            safe_csv.write_rows(self.stdout, columns, rows)
        else:
            self._write_json(rows)

    def _write_json(self, rows):
        # The same text as json.dumps(list(rows), indent=2), one row at a time.
        self.stdout.write("[", ending="")
        number = -1
        for number, row in enumerate(rows):
            text = json.dumps(row, indent=2, ensure_ascii=False)
            self.stdout.write(
                ("," if number else "") + "\n" + textwrap.indent(text, "  "),
                ending="",
            )
        self.stdout.write("\n]" if number >= 0 else "]")
