"""Webhooks: endpoints, signed events and their delivery by the task queue."""
