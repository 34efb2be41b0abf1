import json
import textwrap

from django.core.management.base import BaseCommand, CommandError

from assessments.answering.responses import submitted_responses
from assessments.bulk import csv as safe_csv
from assessments.bulk.exports import rows as bulk_exports_rows
from assessments.bulk.exports import streams
from assessments.bulk.exports.columns import (
    ACTION_COLUMNS,
    RESPONSE_COLUMNS,
    ROUND_COLUMNS,
)


def rounds_with_submissions():
    """Rounds with at least one submitted response, in export order."""
    return streams.submitted_rounds()


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
            rows = bulk_exports_rows.actions_export_rows()
        elif rounds:
            columns = ROUND_COLUMNS
            rows = streams.round_rows(rounds_with_submissions())
        else:
            columns = RESPONSE_COLUMNS
            # The primary key settles ties, so chunks never overlap or skip a row.
            rows = streams.response_rows(
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
