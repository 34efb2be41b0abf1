# English pages show dates as ISO 8601 (2026-03-01), as they always have; German
# pages use Django's German formats (01.03.2026).
SHORT_DATE_FORMAT = "Y-m-d"
