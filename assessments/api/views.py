"""The REST API, version 1. Every view fetches through the same access functions as
the pages (organisations/access.py, history/timeline.py, plans/actions.py), so a rule
added there holds here too; what a page would answer with 404, the API does as well."""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from assessments import converters
from assessments.api import serializers
from assessments.consultants import portfolio
from assessments.history import timeline
from assessments.models import (
    Action,
    Membership,
    Organisation,
    Questionnaire,
    Response,
    Round,
)
from assessments.organisations import access
from assessments.plans import actions as plan_actions
from assessments.plans.forms import ActionForm, ActionUpdateForm
from assessments.questionnaire.data import questionnaire_data
from assessments.teams import anonymity
from assessments.teams import results as team_results


def _result(result) -> dict | None:
    if result is None:
        return None
    return {
        "x": round(result.x, 4),
        "y": round(result.y, 4),
        "relationship_level": result.relationship.level,
        "maturity_level": result.maturity.level,
        "stage": result.stage.number,
        "verdict": str(result.verdict.code),
        "distance": round(result.verdict.distance, 4),
    }


def _paginated(view, rows, serializer_class):
    page = view.paginate_queryset(rows)
    return view.get_paginated_response(serializer_class(page, many=True).data)


class QuestionnaireList(generics.ListAPIView):
    """Published questionnaire versions, newest first."""

    serializer_class = serializers.QuestionnaireSerializer
    queryset = Questionnaire.objects.filter(is_published=True).order_by("-version")


class QuestionnaireDetail(generics.RetrieveAPIView):
    """One published version with its questions and their choices' values."""

    serializer_class = serializers.QuestionnaireDetailSerializer
    queryset = Questionnaire.objects.filter(is_published=True)
    lookup_url_kwarg = "questionnaire_id"

    def retrieve(self, request, *args, **kwargs):
        questionnaire = self.get_object()
        data = questionnaire_data(questionnaire)
        questionnaire.questions = [
            {
                "code": code,
                "part": question.part.kind,
                "text": question.text,
                "choices": sorted(data.choices.get(code, {})),
            }
            for code, question in data.questions.items()
        ]
        return ApiResponse(self.get_serializer(questionnaire).data)


class OrganisationList(generics.ListAPIView):
    """The organisations the caller belongs to or advises as a consultant."""

    serializer_class = serializers.OrganisationSerializer

    def get_queryset(self):
        user = self.request.user
        member_of = Membership.objects.filter(user=user).values("organisation_id")
        advised = access.organisations_for_staff(user).values("pk")
        return Organisation.objects.filter(
            Q(pk__in=member_of) | Q(pk__in=advised)
        ).order_by("name", "pk")


class OrganisationDetail(APIView):
    serializer_class = serializers.OrganisationSerializer

    def get(self, request, organisation_id):
        viewer = timeline.viewer_for(user=request.user, organisation_id=organisation_id)
        return ApiResponse(self.serializer_class(viewer.organisation).data)


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
        round_.team = _result(combined.team.result) if team_visible else None
        round_.roles = [
            {
                "role": group.role,
                "respondents": group.count,
                "result": _result(group.result),
            }
            for group in combined.roles
            if group.role in roles
        ]
        round_.roles_hidden = len(roles) < len(combined.roles)
        return ApiResponse(self.serializer_class(round_).data)


class ResponseList(generics.ListAPIView):
    """A round's responses the caller may read: every one for the organisation's
    admins and its consultants, the caller's own for other members."""

    serializer_class = serializers.ResponseSerializer

    def get_queryset(self):
        round_, membership = access.round_get_for_reader(
            user=self.request.user, round_id=self.kwargs["round_id"]
        )
        responses = Response.objects.filter(round=round_).select_related("respondent")
        # In an anonymous round nobody lists another person's response.
        if round_.is_anonymous or (membership is not None and not membership.is_admin):
            responses = responses.filter(respondent=self.request.user)
        return responses.order_by("pk")


class ResponseDetail(APIView):
    """One response with its answers as {question code: choice value}."""

    serializer_class = serializers.ResponseDetailSerializer

    def get(self, request, response_id):
        response = access.response_get_for_user(
            user=request.user, response_id=response_id
        )
        response.answers_by_code = dict(
            response.answers.values_list("question__code", "choice__value")
        )
        return ApiResponse(self.serializer_class(response).data)


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
                "team": None if year.team_hidden else _result(year.team),
                "own": _own_result(year.own_submitted),
            }
            for year in timeline.organisation_years(viewer=viewer)
        ]
        return _paginated(self, rows, self.serializer_class)


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
        return _paginated(self, rows, self.serializer_class)
