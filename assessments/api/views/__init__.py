"""The REST API, version 1, one module a resource. Every view fetches through the same
access functions as the pages (organisations/access.py, history/timeline.py,
plans/actions.py), so a rule added there holds here too; what a page would answer
with 404, the API does as well."""
