"""Exporting results: the columns, the rows of responses, rounds and actions, and the
streams that read them in a fixed number of queries."""
