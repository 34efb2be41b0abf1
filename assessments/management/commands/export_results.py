import json
import textwrap

from django.core.management.base import BaseCommand, CommandError

from assessments.bulk import csv as safe_csv
from assessments.bulk.exports import columns, streams
from assessments.bulk.exports.rows import actions_export_rows


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
            header, rows = columns.ACTION_COLUMNS, actions_export_rows()
        elif rounds:
            header = columns.ROUND_COLUMNS
            rows = streams.round_rows(streams.submitted_rounds())
        else:
            header = columns.RESPONSE_COLUMNS
            rows = streams.response_rows(streams.submitted_responses())
        if format == "csv":
            safe_csv.write_rows(self.stdout, header, rows)
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
