"""Bulk work: importing answers (read, check, plan, write), exporting results (columns,
rows, streams), and the one safe CSV writer."""
