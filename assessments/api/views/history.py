from rest_framework import generics

from assessments.api import serializers
from assessments.api.rows import paginated, result_fields
from assessments.history import timeline
from assessments.models import Response


class HistoryView(generics.ListAPIView):
    """Every year of the organisation, oldest first, with the team's and the caller's
    own result; a year whose team result is one other person's own is shown without it.
    Paginated like the other lists."""

    serializer_class = serializers.HistoryYearSerializer

    def list(self, request, organisation_id):
        viewer = timeline.viewer_for(user=request.user, organisation_id=organisation_id)
        rows = [
            {
                "round": year.round.pk,
                "year": year.round.year,
                "questionnaire_version": year.round.questionnaire.version,
                "respondents": year.respondents,
                "team": None if year.team_hidden else result_fields(year.team),
                "own": _own_result(year.own_submitted),
            }
            for year in timeline.organisation_years(viewer=viewer)
        ]
        return paginated(self, rows, self.serializer_class)


def _own_result(response: Response | None) -> dict | None:
    if response is None:
        return None
    return {
        "x": response.x,
        "y": response.y,
        "relationship_level": response.relationship_level,
        "maturity_level": response.maturity_level,
        "stage": response.stage,
        "verdict": response.verdict,
        "distance": round(abs(response.y - response.x), 4),
    }
