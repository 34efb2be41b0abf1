"""Benchmark of the LMM Assessment pages under gunicorn; see bench/README.md."""
