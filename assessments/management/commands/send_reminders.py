from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assessments.plans import reminders
from assessments.webhooks import events as webhook_events


class Command(BaseCommand):
    help = (
        "Email every member of an organisation whose last assessment was submitted "
        "11 months ago or more, and every owner of an action due within 7 days or "
        "overdue. Run it daily; what was sent is recorded, so a repeated run sends "
        "nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the emails that would go out; send and record nothing.",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="Site address put in front of the links, e.g. https://lmm.example.com",
        )

    def handle(self, *args, dry_run, base_url, **options):
        emails = reminders.reminders_send(dry_run=dry_run, base_url=base_url)
        verb = "Would send" if dry_run else "Sent"
        for email in emails:
            self.stdout.write(
                f"{verb} to {email.recipient.email}: {email.subject} "
                f"({_count(len(email.items), 'item')})"
            )
            if dry_run:
                for line in email.body.splitlines()[1:-1]:
                    if line:
                        self.stdout.write(f"    {line}")
        self.stdout.write(f"{verb} {_count(len(emails), 'email')}.")
        if not dry_run:
            with transaction.atomic():
                queued = webhook_events.actions_overdue(today=timezone.localdate())
            self.stdout.write(
                f"Queued {_count(queued, 'overdue-action webhook event')}."
            )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
