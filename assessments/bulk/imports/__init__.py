"""Importing submitted responses from JSON: read the file, check every record, plan
what to write, then write it in chunks in one transaction."""
