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
        "organisations/<int:organisation_id>/members/",
        views.organisation_members,
        name="organisation-members",
    ),
    path(
        "organisations/<int:organisation_id>/members/<int:membership_id>/",
        views.membership_update,
        name="membership-update",
    ),
    path(
        "organisations/<int:organisation_id>/members/<int:membership_id>/remove/",
        views.membership_remove,
        name="membership-remove",
    ),
    path(
        "organisations/<int:organisation_id>/invitations/",
        views.invitation_create,
        name="invitation-create",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("rounds/<int:round_id>/", views.round_detail, name="round-detail"),
    path("rounds/<int:round_id>/close/", views.round_close, name="round-close"),
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
