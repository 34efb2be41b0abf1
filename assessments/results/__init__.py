"""A result in words: the names of the levels, stages and verdicts, the checks' messages
and the sections a result page shares with the team page."""
