from rest_framework import generics
from rest_framework.response import Response as ApiResponse

from assessments.api import serializers
from assessments.models import Questionnaire
from assessments.questionnaire.data import questionnaire_data


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
