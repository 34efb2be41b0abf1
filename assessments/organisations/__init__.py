"""Organisations: creating one, its members and invitations, its rounds by year, the
home page's cards, and who may read which organisation's data (access)."""
