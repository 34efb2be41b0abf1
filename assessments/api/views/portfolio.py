from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from assessments.api import serializers
from assessments.consultants import portfolio


def _row(row) -> dict:
    return {
        "number": row.number,
        "organisation": row.organisation,
        "round": row.round.pk,
        "year": row.round.year,
        # An anonymous round below its threshold shows no team result here
        # either (`anonymity`).
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


class PortfolioView(generics.ListAPIView):
    """The consultant's clients with their latest team result, 50 a page; the admin
    portfolio's filters (`year`, `industry`, `band`, `stage`, `verdict`) and sort
    (`o`)."""

    serializer_class = serializers.PortfolioRowSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, required=False)
            for name in ("year", "industry", "band", "stage", "verdict", "o")
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        if not request.user.has_perm("assessments.view_organisation"):
            raise exceptions.PermissionDenied("The portfolio is for consultants only.")
        # The portfolio's own pages (sorted and kept under the clients'
        # generation), answered in the shape of the API's other lists.
        asked = request.query_params.get("page", "1")
        result = portfolio.portfolio_for(
            user=request.user,
            filters=portfolio.PortfolioFilters.from_query(request.query_params),
            sort=request.query_params.get("o", ""),
            page=asked,
        )
        page = result.page
        if str(page.number) != asked.strip():
            raise exceptions.NotFound("Invalid page.")
        url = request.build_absolute_uri()
        previous = None
        if page.has_previous():
            number = page.previous_page_number()
            previous = (
                remove_query_param(url, "page")
                if number == 1
                else replace_query_param(url, "page", number)
            )
        return Response(
            {
                "count": result.count,
                "next": replace_query_param(url, "page", page.next_page_number())
                if page.has_next()
                else None,
                "previous": previous,
                "results": self.get_serializer(
                    [_row(row) for row in result.rows], many=True
                ).data,
            }
        )
