"""The REST API, version 1: serializers, views, token authentication and scope."""
