import contextlib
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.accounts.passwords import password_set_emails_send
from assessments.bulk.imports.check import OrganisationMatch
from assessments.bulk.imports.invite import joining_accounts_invite
from assessments.bulk.imports.plan import ExistingAccounts, import_plan
from assessments.bulk.imports.read import ImportRejected
from assessments.bulk.imports.stream import RecordFile, stream_records
from assessments.bulk.imports.write import import_write


class Command(BaseCommand):
    help = (
        "Import submitted responses from a JSON list of {organisation or "
        "organisation_id, year, respondent, role, answers}. All or nothing: one bad "
        "record rejects the file. Lists every existing organisation it adds to first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="file",
            help="Path of a JSON file, or - for standard input. Several files are "
            "imported together, all or nothing.",
        )
        names = parser.add_mutually_exclusive_group()
        names.add_argument(
            "--create-organisations",
            action="store_true",
            help="An organisation name always creates a new organisation, even when "
            "one of that name exists.",
        )
        names.add_argument(
            "--match-organisations",
            action="store_true",
            help="An organisation name adds to the existing organisation of that "
            "exact name (created when there is none).",
        )
        accounts = parser.add_mutually_exclusive_group()
        accounts.add_argument(
            "--attach-existing-accounts",
            action="store_true",
            help="A respondent who already has an account (address confirmed) joins "
            "the record's organisation and gets the response. Without this or "
            "--invite-existing-accounts such records refuse the import.",
        )
        accounts.add_argument(
            "--invite-existing-accounts",
            action="store_true",
            help="Leave out the records of respondents who already have an account "
            "and are not members of the record's organisation; email each such "
            "account an invitation to its address instead.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the files and print what would happen; write nothing.",
        )
        parser.add_argument(
            "--invite",
            action="store_true",
            help="Email every new user a single-use link to choose a password.",
        )
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Address of the site for the links in invitations "
            "(default: DJANGO_SITE_URL, %(default)s).",
        )

    def handle(self, *args, files, **options):
        # Parsed as a stream into a temporary file: a large file is never held
        # in memory whole, nor its records (assessments/bulk/imports/stream.py).
        records = RecordFile()
        try:
            for file in files:
                with self._open(file) as source:
                    stream_records(source, into=records)
            match = OrganisationMatch.STRICT
            if options["create_organisations"]:
                match = OrganisationMatch.CREATE
            elif options["match_organisations"]:
                match = OrganisationMatch.MATCH
            existing = ExistingAccounts.REFUSE
            if options["attach_existing_accounts"]:
                existing = ExistingAccounts.ATTACH
            elif options["invite_existing_accounts"]:
                existing = ExistingAccounts.INVITE
            plan = import_plan(records=records, match=match, existing=existing)
        except ImportRejected as error:
            raise CommandError(f"{error}. Nothing was imported.") from None
        self._describe(plan)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            return
        if plan.joining and existing == ExistingAccounts.REFUSE:
            raise CommandError(
                f"{len(plan.joining)} records belong to existing accounts that are "
                "not members of the record's organisation (listed above). Pass "
                "--invite-existing-accounts to leave them out and invite each "
                "account, or --attach-existing-accounts if you know the accounts "
                "are these people. Nothing was imported."
            )
        try:
            summary = import_write(plan=plan)
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
        if options["invite"]:
            sent = password_set_emails_send(
                emails=summary.new_users, base_url=options["base_url"]
            )
            self.stdout.write(f"Emailed {sent} new users a link to set a password.")
        if existing == ExistingAccounts.INVITE:
            self._invite_existing(plan, summary, options["base_url"])

    def _invite_existing(self, plan, summary, base_url):
        invited = joining_accounts_invite(
            plan=plan,
            created_organisations=summary.created_organisations or {},
            base_url=base_url,
        )
        for account in invited.skipped:
            self.stdout.write(
                f"  not invited: {account.email} (record {account.record}): "
                "its organisation was not created"
            )
        self.stdout.write(
            f"Left out {len(plan.joining)} records of existing accounts; emailed "
            f"{invited.sent} invitations to their addresses."
        )

    @staticmethod
    def _open(file):
        if file == "-":
            return contextlib.nullcontext(sys.stdin.buffer)
        try:
            return Path(file).open("rb")
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error}") from None

    def _describe(self, plan):
        if plan.attached:
            self.stdout.write("Adds to these existing organisations:")
            for organisation in plan.attached:
                admins = ", ".join(organisation.admins) or "no admin"
                self.stdout.write(
                    f"  id {organisation.id} {organisation.name!r}: "
                    f"admins {admins}; {organisation.members} members; "
                    f"{organisation.records} records"
                )
        else:
            self.stdout.write("Adds to no existing organisation.")
        if plan.new_organisations:
            names = ", ".join(repr(name) for name in plan.new_organisations)
            self.stdout.write(f"Creates organisations: {names}")
        if plan.joining:
            self.stdout.write(
                "Existing accounts (found by address) that would join an "
                "organisation they are not a member of:"
            )
            for account in plan.joining:
                kind, key = account.target
                where = f"id {key}" if kind == "id" else f"new {key!r}"
                self.stdout.write(
                    f"  {account.email}: organisation {where} as {account.role} "
                    f"(record {account.record})"
                )
        self.stdout.write(
            f"{len(plan.records)} responses; {len(plan.new_users)} new users; "
            f"{len(plan.joining)} existing accounts joining."
        )
