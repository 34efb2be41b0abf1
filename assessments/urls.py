from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path(
        "organisations/<int:organisation_id>/start/",
        views.response_start,
        name="response-start",
    ),
    path(
        "rounds/<int:round_id>/steps/<int:step>/",
        views.response_step,
        name="response-step",
    ),
    path(
        "responses/<int:response_id>/",
        views.response_result,
        name="response-result",
    ),
]
