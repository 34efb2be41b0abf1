"""The questionnaire: its versions (copied into drafts, published by staff) and a
version's data in the reader's language."""
