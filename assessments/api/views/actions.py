from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from assessments.api import serializers
from assessments.models import Action, Membership, Round
from assessments.organisations import access
from assessments.plans import actions as plan_actions
from assessments.plans.forms import ActionForm, ActionUpdateForm


def _action_rows(membership, actions):
    today = timezone.localdate()
    for action in actions:
        action.is_overdue = plan_actions.action_is_overdue(action, today)
        action.may_edit = plan_actions.action_may_edit(action, membership)
    return actions


def _form_errors(form) -> exceptions.ValidationError:
    errors = {
        ("non_field_errors" if field == "__all__" else field): messages
        for field, messages in form.errors.items()
    }
    return exceptions.ValidationError(errors)


def _members(organisation_id):
    return Membership.objects.filter(organisation_id=organisation_id)


class ActionList(generics.GenericAPIView):
    """The organisation's plan. Members adopt actions from a round's upgrade path
    (`round` and `source`); only admins add free actions, as on the plan page."""

    serializer_class = serializers.ActionSerializer

    @extend_schema(
        responses=serializers.ActionSerializer(many=True),
        parameters=[OpenApiParameter("status", str, enum=Action.Status.values)],
    )
    def get(self, request, organisation_id):
        membership = access.membership_get_for_user(
            user=request.user, organisation_id=organisation_id
        )
        actions = Action.objects.filter(organisation_id=organisation_id).select_related(
            "owner__user"
        )
        wanted = request.query_params.get("status")
        if wanted is not None:
            if wanted not in Action.Status.values:
                raise exceptions.ValidationError(
                    {"status": [f"Choose one of: {', '.join(Action.Status.values)}."]}
                )
            actions = actions.filter(status=wanted)
        page = self.paginate_queryset(actions.order_by("due_date", "pk"))
        return self.get_paginated_response(
            self.serializer_class(_action_rows(membership, page), many=True).data
        )

    @extend_schema(
        request=serializers.ActionCreateSerializer,
        responses={201: serializers.ActionSerializer},
    )
    def post(self, request, organisation_id):
        membership = access.membership_get_for_user(
            user=request.user, organisation_id=organisation_id
        )
        incoming = serializers.ActionCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = incoming.validated_data
        round_ = source = None
        if "round" in values:
            round_ = (
                Round.objects.filter(
                    pk=values["round"], organisation_id=organisation_id
                )
                .select_related("questionnaire")
                .first()
            )
            if round_ is None:
                raise Http404("No such round.")
            source = plan_actions.source_for(round=round_, code=values["source"])
        elif not membership.is_admin:
            raise exceptions.PermissionDenied(
                str(plan_actions.MESSAGE_FREE_ACTIONS_ADMIN_ONLY)
            )
        form = ActionForm(
            data={
                "title": values["title"],
                "owner": values["owner"],
                "due_date": values["due_date"],
                "notes": values["notes"],
            },
            members=_members(organisation_id),
        )
        if not form.is_valid():
            raise _form_errors(form)
        action = plan_actions.action_create(
            organisation=membership.organisation,
            created_by=request.user,
            source=source,
            round=round_,
            **form.cleaned_data,
        )
        action = Action.objects.select_related("owner__user").get(pk=action.pk)
        return ApiResponse(
            self.serializer_class(_action_rows(membership, [action])[0]).data,
            status=status.HTTP_201_CREATED,
        )


class ActionDetail(APIView):
    """One action; its owner and the organisation's admins change it."""

    serializer_class = serializers.ActionSerializer

    def _get(self, request, organisation_id, action_id):
        membership = access.membership_get_for_user(
            user=request.user, organisation_id=organisation_id
        )
        action = plan_actions.action_get(membership=membership, action_id=action_id)
        return membership, action

    def get(self, request, organisation_id, action_id):
        membership, action = self._get(request, organisation_id, action_id)
        return ApiResponse(
            self.serializer_class(_action_rows(membership, [action])[0]).data
        )

    @extend_schema(
        request=serializers.ActionUpdateSerializer,
        responses=serializers.ActionSerializer,
    )
    def put(self, request, organisation_id, action_id):
        return self._update(request, organisation_id, action_id, partial=False)

    @extend_schema(
        request=serializers.ActionUpdateSerializer(partial=True),
        responses=serializers.ActionSerializer,
    )
    def patch(self, request, organisation_id, action_id):
        """Change only the fields given; the others keep their values."""
        return self._update(request, organisation_id, action_id, partial=True)

    def _update(self, request, organisation_id, action_id, *, partial):
        membership, action = self._get(request, organisation_id, action_id)
        if not plan_actions.action_may_edit(action, membership):
            raise exceptions.PermissionDenied(str(plan_actions.MESSAGE_NOT_YOURS))
        incoming = serializers.ActionUpdateSerializer(
            data=request.data, partial=partial
        )
        incoming.is_valid(raise_exception=True)
        # A partial change is the whole form with the action's current values
        # filled in, so the page's form checks the result as a whole.
        current = {
            "title": action.title,
            "status": action.status,
            "owner": action.owner_id,
            "due_date": action.due_date,
            "notes": action.notes,
        }
        form = ActionUpdateForm(
            data=(current if partial else {}) | dict(incoming.validated_data),
            members=_members(organisation_id),
        )
        if not form.is_valid():
            raise _form_errors(form)
        plan_actions.action_update(action=action, **form.cleaned_data)
        action = Action.objects.select_related("owner__user").get(pk=action.pk)
        return ApiResponse(
            self.serializer_class(_action_rows(membership, [action])[0]).data
        )
