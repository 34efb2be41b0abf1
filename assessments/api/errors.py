from django.core.exceptions import ValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, plus the services' ValidationError as a 400 with field errors."""
    if isinstance(exc, ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        if isinstance(detail, list):
            detail = {"non_field_errors": detail}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)
