"""What the API shows of each thing, and what it accepts for actions."""

from rest_framework import serializers

from assessments.models import (
    Action,
    Organisation,
    Questionnaire,
    Response,
    Round,
    Verdict,
)
from assessments.plans.forms import NOTES_MAX_LENGTH


class PortableModelSerializer(serializers.ModelSerializer):
    """A model serializer whose integer fields do not carry the database's range,
    which differs between SQLite and PostgreSQL: the schema is the same on both."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs.pop("max_value", None)
        return field_class, kwargs


class QuestionnaireSerializer(PortableModelSerializer):
    class Meta:
        model = Questionnaire
        fields = ["id", "version", "title", "published_at", "asks_numbers"]


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    part = serializers.CharField()
    text = serializers.CharField()
    choices = serializers.ListField(child=serializers.IntegerField())


class QuestionnaireDetailSerializer(QuestionnaireSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta(QuestionnaireSerializer.Meta):
        fields = [*QuestionnaireSerializer.Meta.fields, "questions"]


class OrganisationSerializer(PortableModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "industry", "revenue_team_size", "monthly_lead_volume"]


class RoundSerializer(PortableModelSerializer):
    organisation = serializers.IntegerField(source="organisation_id")
    questionnaire_version = serializers.IntegerField(source="questionnaire.version")

    class Meta:
        model = Round
        fields = [
            "id",
            "organisation",
            "year",
            "questionnaire_version",
            "is_closed",
            "closed_at",
        ]


class ResultSerializer(serializers.Serializer):
    """A scored position: the two axes, their levels, the stage and the verdict."""

    x = serializers.FloatField()
    y = serializers.FloatField()
    relationship_level = serializers.IntegerField()
    maturity_level = serializers.IntegerField()
    stage = serializers.IntegerField()
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    distance = serializers.FloatField()


class GroupSerializer(serializers.Serializer):
    role = serializers.CharField()
    respondents = serializers.IntegerField()
    result = ResultSerializer()


class RoundDetailSerializer(RoundSerializer):
    respondents = serializers.IntegerField()
    team = ResultSerializer(allow_null=True)
    roles = GroupSerializer(many=True)
    roles_hidden = serializers.BooleanField()

    class Meta(RoundSerializer.Meta):
        fields = [
            *RoundSerializer.Meta.fields,
            "respondents",
            "team",
            "roles",
            "roles_hidden",
        ]


class ResponseSerializer(PortableModelSerializer):
    round = serializers.IntegerField(source="round_id")
    respondent = serializers.EmailField(source="respondent.email")

    class Meta:
        model = Response
        fields = [
            "id",
            "round",
            "respondent",
            "role",
            "status",
            "submitted_at",
            "x",
            "y",
            "relationship_level",
            "maturity_level",
            "stage",
            "verdict",
        ]


class ResponseDetailSerializer(ResponseSerializer):
    answers = serializers.DictField(
        child=serializers.IntegerField(), source="answers_by_code"
    )

    class Meta(ResponseSerializer.Meta):
        fields = [*ResponseSerializer.Meta.fields, "answers"]


class HistoryYearSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    year = serializers.IntegerField()
    questionnaire_version = serializers.IntegerField()
    respondents = serializers.IntegerField()
    team = ResultSerializer(allow_null=True)
    own = ResultSerializer(allow_null=True)


class ActionSerializer(PortableModelSerializer):
    owner = serializers.IntegerField(source="owner_id", allow_null=True)
    owner_email = serializers.EmailField(
        source="owner.user.email", allow_null=True, default=None
    )
    round = serializers.IntegerField(source="round_id", allow_null=True)
    is_overdue = serializers.BooleanField()
    may_edit = serializers.BooleanField()

    class Meta:
        model = Action
        fields = [
            "id",
            "title",
            "status",
            "source",
            "source_code",
            "round",
            "year",
            "owner",
            "owner_email",
            "due_date",
            "notes",
            "is_overdue",
            "may_edit",
            "created_at",
            "updated_at",
        ]


class ActionWriteSerializer(serializers.Serializer):
    """The plan page's form, as JSON: the page's own form then checks the values."""

    title = serializers.CharField(max_length=Action._meta.get_field("title").max_length)
    owner = serializers.IntegerField(
        min_value=1, help_text="Id of a membership of the organisation."
    )
    due_date = serializers.DateField()
    notes = serializers.CharField(
        max_length=NOTES_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class ActionCreateSerializer(ActionWriteSerializer):
    round = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Adopt from this round's upgrade path (with `source`).",
    )
    source = serializers.CharField(
        max_length=40,
        required=False,
        help_text="Code of the statement or requirement adopted.",
    )

    def validate(self, attrs):
        if ("round" in attrs) != ("source" in attrs):
            raise serializers.ValidationError(
                "Give both round and source to adopt an action, or neither."
            )
        return attrs


class ActionUpdateSerializer(ActionWriteSerializer):
    status = serializers.ChoiceField(choices=Action.Status.choices)


class PortfolioRowSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    organisation = OrganisationSerializer()
    round = serializers.IntegerField()
    year = serializers.IntegerField()
    team = ResultSerializer(allow_null=True)
    size_band = serializers.IntegerField(allow_null=True)
    change = serializers.CharField()
