"""The audit trail: explicit events (log-ins, exports, consultants' views) beside
django-auditlog's model changes, and what an organisation's admins read of it."""
