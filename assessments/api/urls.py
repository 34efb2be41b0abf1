from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from assessments.api import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="docs",
    ),
    path(
        "questionnaires/", views.QuestionnaireList.as_view(), name="questionnaire-list"
    ),
    path(
        "questionnaires/<id:questionnaire_id>/",
        views.QuestionnaireDetail.as_view(),
        name="questionnaire-detail",
    ),
    path("organisations/", views.OrganisationList.as_view(), name="organisation-list"),
    path(
        "organisations/<id:organisation_id>/",
        views.OrganisationDetail.as_view(),
        name="organisation-detail",
    ),
    path(
        "organisations/<id:organisation_id>/rounds/",
        views.RoundList.as_view(),
        name="round-list",
    ),
    path(
        "organisations/<id:organisation_id>/history/",
        views.HistoryView.as_view(),
        name="history",
    ),
    path(
        "organisations/<id:organisation_id>/actions/",
        views.ActionList.as_view(),
        name="action-list",
    ),
    path(
        "organisations/<id:organisation_id>/actions/<id:action_id>/",
        views.ActionDetail.as_view(),
        name="action-detail",
    ),
    path("rounds/<id:round_id>/", views.RoundDetail.as_view(), name="round-detail"),
    path(
        "rounds/<id:round_id>/responses/",
        views.ResponseList.as_view(),
        name="response-list",
    ),
    path(
        "responses/<id:response_id>/",
        views.ResponseDetail.as_view(),
        name="response-detail",
    ),
    path("portfolio/", views.PortfolioView.as_view(), name="portfolio"),
]
