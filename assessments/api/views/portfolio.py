from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics

from assessments.api import serializers
from assessments.api.rows import paginated
from assessments.consultants import portfolio


class PortfolioView(generics.GenericAPIView):
    """The consultant's clients with their latest team result; the admin portfolio's
    filters (`year`, `industry`, `band`, `stage`, `verdict`) and sort (`o`)."""

    serializer_class = serializers.PortfolioRowSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, required=False)
            for name in ("year", "industry", "band", "stage", "verdict", "o")
        ]
    )
    def get(self, request):
        if not request.user.has_perm("assessments.view_organisation"):
            raise exceptions.PermissionDenied("The portfolio is for consultants only.")
        filters = portfolio.PortfolioFilters.from_query(request.query_params)
        result = portfolio.portfolio_for(
            user=request.user,
            filters=filters,
            sort=request.query_params.get("o", ""),
        )
        rows = [
            {
                "number": row.number,
                "organisation": row.organisation,
                "round": row.round.pk,
                "year": row.round.year,
                # An anonymous round below its threshold shows no team result
                # here either (`anonymity`).
                "team": None
                if not row.team_shown
                else {
                    "x": row.result.x,
                    "y": row.result.y,
                    "relationship_level": row.result.relationship_level,
                    "maturity_level": row.result.maturity_level,
                    "stage": row.result.stage,
                    "verdict": row.result.verdict,
                    "distance": row.result.distance,
                },
                "size_band": row.band,
                "change": row.change_text,
            }
            for row in result.rows
        ]
        return paginated(self, rows, self.serializer_class)
