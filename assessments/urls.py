from django.urls import path, register_converter

from assessments import converters, views

register_converter(converters.IdConverter, "id")
register_converter(converters.TokenConverter, "token")

app_name = "assessments"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path(
        "organisations/<id:organisation_id>/start/",
        views.response_start,
        name="response-start",
    ),
    path(
        "organisations/<id:organisation_id>/members/",
        views.organisation_members,
        name="organisation-members",
    ),
    path(
        "organisations/<id:organisation_id>/members/<id:membership_id>/",
        views.membership_update,
        name="membership-update",
    ),
    path(
        "organisations/<id:organisation_id>/members/<id:membership_id>/remove/",
        views.membership_remove,
        name="membership-remove",
    ),
    path(
        "organisations/<id:organisation_id>/invitations/",
        views.invitation_create,
        name="invitation-create",
    ),
    path(
        "invitations/<token:token>/", views.invitation_accept, name="invitation-accept"
    ),
    path("rounds/<id:round_id>/", views.round_detail, name="round-detail"),
    path("rounds/<id:round_id>/close/", views.round_close, name="round-close"),
    path(
        "rounds/<id:round_id>/steps/<id:step>/",
        views.response_step,
        name="response-step",
    ),
    path(
        "responses/<id:response_id>/",
        views.response_result,
        name="response-result",
    ),
]
