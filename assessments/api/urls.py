from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from assessments.api.views.actions import ActionDetail, ActionList
from assessments.api.views.history import HistoryView
from assessments.api.views.organisations import OrganisationDetail, OrganisationList
from assessments.api.views.portfolio import PortfolioView
from assessments.api.views.questionnaires import QuestionnaireDetail, QuestionnaireList
from assessments.api.views.responses import ResponseDetail, ResponseList
from assessments.api.views.rounds import RoundDetail, RoundList

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="docs",
    ),
    path("questionnaires/", QuestionnaireList.as_view(), name="questionnaire-list"),
    path(
        "questionnaires/<id:questionnaire_id>/",
        QuestionnaireDetail.as_view(),
        name="questionnaire-detail",
    ),
    path("organisations/", OrganisationList.as_view(), name="organisation-list"),
    path(
        "organisations/<id:organisation_id>/",
        OrganisationDetail.as_view(),
        name="organisation-detail",
    ),
    path(
        "organisations/<id:organisation_id>/rounds/",
        RoundList.as_view(),
        name="round-list",
    ),
    path(
        "organisations/<id:organisation_id>/history/",
        HistoryView.as_view(),
        name="history",
    ),
    path(
        "organisations/<id:organisation_id>/actions/",
        ActionList.as_view(),
        name="action-list",
    ),
    path(
        "organisations/<id:organisation_id>/actions/<id:action_id>/",
        ActionDetail.as_view(),
        name="action-detail",
    ),
    path("rounds/<id:round_id>/", RoundDetail.as_view(), name="round-detail"),
    path(
        "rounds/<id:round_id>/responses/",
        ResponseList.as_view(),
        name="response-list",
    ),
    path(
        "responses/<id:response_id>/",
        ResponseDetail.as_view(),
        name="response-detail",
    ),
    path("portfolio/", PortfolioView.as_view(), name="portfolio"),
]
