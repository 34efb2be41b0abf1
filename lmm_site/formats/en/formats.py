# Readers see dates written out ("6 December 2026"), the same on pages, PDFs and
# e-mails; German falls back to Django's own formats ("6. Dezember 2026"). Machine
# formats (ISO 8601) are only used in CSV, JSON, the API and <input type="date">.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
