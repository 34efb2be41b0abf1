"""Accounts: sign-up, log-in by e-mail address, passwords, each person's language,
and the throttling of log-ins, sign-ups and password resets."""
