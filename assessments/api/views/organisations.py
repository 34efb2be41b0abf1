from django.db.models import Q
from rest_framework import generics
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from assessments.api import serializers
from assessments.history import timeline
from assessments.models import Membership, Organisation
from assessments.organisations import access


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
