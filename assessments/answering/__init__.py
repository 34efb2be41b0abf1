"""Answering a round: a respondent's response, the steps it is asked in, last year's
answers as a starting point, the optional numbers, and submitting."""
