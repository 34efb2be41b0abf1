from datetime import timedelta

from django.core.management.base import BaseCommand

from assessments.accounts.confirmation import UNCONFIRMED_LIFETIME, unconfirmed_purge


class Command(BaseCommand):
    help = (
        "Delete accounts made by sign-up whose address was never confirmed, older "
        "than --days (default 7). Run it daily (cron or a timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=UNCONFIRMED_LIFETIME.days, help="Age in days."
        )

    def handle(self, *args, days, **options):
        deleted = unconfirmed_purge(older_than=timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} unconfirmed accounts.")
