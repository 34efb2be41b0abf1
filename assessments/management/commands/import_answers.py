import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.importing import ImportRejected, answers_import, parse_records


class Command(BaseCommand):
    help = (
        "Import submitted responses from a JSON list of {organisation, year, "
        "respondent, role, answers}. All or nothing: one bad record rejects the file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Path of the JSON file, or - for standard input."
        )

    def handle(self, *args, file, **options):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from None
        try:
            summary = answers_import(records=parse_records(text))
        except ImportRejected as error:
            raise CommandError(f"{error}. Nothing was imported.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {summary.responses} submitted responses "
                f"({summary.organisations_created} new organisations, "
                f"{summary.users_created} new users, "
                f"{summary.rounds_created} new rounds)."
            )
        )
