"""Read-only share links to a report, opened without an account."""
