"""The action plan: actions adopted from a result's upgrade path, their review a year
later, and the reminder e-mails."""
