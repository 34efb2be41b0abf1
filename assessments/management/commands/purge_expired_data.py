from django.core.management.base import BaseCommand

from assessments.privacy.retention import retention_purge


class Command(BaseCommand):
    help = (
        "Delete what the retention periods of PRIVACY_RETENTION_DAYS no longer keep: "
        "accounts never confirmed, old invitations and the old audit trail. Run it daily (cron or a timer)."
    )

    def handle(self, *args, **options):
        purged = retention_purge()
        self.stdout.write(
            f"Deleted {purged.unconfirmed_accounts} unconfirmed accounts, "
            f"{purged.invitations} invitations and {purged.audit_entries} audit "
            "entries."
        )
