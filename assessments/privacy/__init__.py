"""Privacy a person runs themselves: what is stored about them, deleting their
account, and how long what is no longer needed is kept."""
