from rest_framework import generics
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from assessments.api import serializers
from assessments.models import Response
from assessments.organisations import access


class ResponseList(generics.ListAPIView):
    """A round's responses the caller may read: every one for the organisation's
    admins and its consultants, the caller's own for other members."""

    serializer_class = serializers.ResponseSerializer

    def get_queryset(self):
        round_, membership = access.round_get_for_reader(
            user=self.request.user, round_id=self.kwargs["round_id"]
        )
        responses = Response.objects.filter(round=round_).select_related("respondent")
        # In an anonymous round nobody lists another person's response.
        if round_.is_anonymous or (membership is not None and not membership.is_admin):
            responses = responses.filter(respondent=self.request.user)
        return responses.order_by("pk")


class ResponseDetail(APIView):
    """One response with its answers as {question code: choice value}."""

    serializer_class = serializers.ResponseDetailSerializer

    def get(self, request, response_id):
        response = access.response_get_for_user(
            user=request.user, response_id=response_id
        )
        response.answers_by_code = dict(
            response.answers.values_list("question__code", "choice__value")
        )
        return ApiResponse(self.serializer_class(response).data)
