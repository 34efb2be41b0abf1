from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from assessments import converters
from assessments.api import serializers
from assessments.api.rows import result_fields
from assessments.history import timeline
from assessments.models import Round
from assessments.organisations import access
from assessments.teams import anonymity
from assessments.teams import results as team_results


class RoundList(generics.ListAPIView):
    """An organisation's rounds, newest first; filter with `year`."""

    serializer_class = serializers.RoundSerializer

    @extend_schema(parameters=[OpenApiParameter("year", int, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        viewer = timeline.viewer_for(
            user=self.request.user, organisation_id=self.kwargs["organisation_id"]
        )
        rounds = (
            Round.objects.filter(organisation=viewer.organisation)
            .select_related("questionnaire")
            .order_by("-year")
        )
        year = self.request.query_params.get("year")
        if year is not None:
            number = converters.parse_number(year, digits=4)
            if number is None:
                raise exceptions.ValidationError({"year": ["Enter a year."]})
            rounds = rounds.filter(year=number)
        return rounds


class RoundDetail(APIView):
    """A round with its team result and the roles the caller may see, as on the
    round's page."""

    serializer_class = serializers.RoundDetailSerializer

    def get(self, request, round_id):
        round_, membership = access.round_get_for_reader(
            user=request.user, round_id=round_id
        )
        reader = membership or access.ConsultantViewer()
        # An anonymous round shows what its threshold allows, as on the round's page.
        combined = anonymity.for_reader(
            team_results.round_result(round=round_),
            round=round_,
            user_id=request.user.pk,
        )
        roles = team_results.visible_roles(combined, viewer=reader)
        own = any(
            r.response.respondent_id == request.user.pk for r in combined.respondents
        )
        # One respondent's team result is that person's own: shown as on the history page.
        team_visible = combined.team is not None and (
            combined.has_team_view or reader.is_admin or own
        )
        round_.respondents = combined.submitted
        round_.team = result_fields(combined.team.result) if team_visible else None
        round_.roles = [
            {
                "role": group.role,
                "respondents": group.count,
                "result": result_fields(group.result),
            }
            for group in combined.roles
            if group.role in roles
        ]
        round_.roles_hidden = len(roles) < len(combined.roles)
        return ApiResponse(self.serializer_class(round_).data)
