"""Households and persons (read). A citizen ID is masked everywhere but its own endpoint,
which only a role that keeps the persons' records may call and which logs every answer as the
web's record form does (`audit.services.record_personal_data_view`)."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from policycredit.api.base import IdFilter, ScopedReadViewSet
from policycredit.audit.services import record_personal_data_view
from policycredit.borrowers import selectors
from policycredit.borrowers.models import Gender, Household, Person

TAG = "households"


class HouseholdSerializer(serializers.ModelSerializer):
    head = serializers.IntegerField(source="head_id", allow_null=True, read_only=True)
    head_name = serializers.SerializerMethodField()
    head_cccd = serializers.SerializerMethodField(help_text="The head's citizen ID, masked.")
    ward_name = serializers.CharField(source="ward.name", read_only=True)

    class Meta:
        model = Household
        fields = [
            "id",
            "code",
            "office",
            "ward",
            "ward_name",
            "village",
            "address",
            "phone",
            "head",
            "head_name",
            "head_cccd",
        ]

    def get_head_name(self, obj) -> str:
        return obj.head.full_name if obj.head_id else ""

    def get_head_cccd(self, obj) -> str:
        return obj.head.cccd_masked if obj.head_id else ""


class PersonSerializer(serializers.ModelSerializer):
    cccd = serializers.CharField(
        source="cccd_masked", read_only=True, help_text="The citizen ID, masked."
    )
    gender = serializers.ChoiceField(choices=Gender.choices, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "household",
            "full_name",
            "gender",
            "birth_date",
            "cccd",
            "relation",
            "ethnicity",
        ]


class FullCccdSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    cccd = serializers.CharField(allow_null=True, help_text="The citizen ID in full (logged).")


class HouseholdFilter(filters.FilterSet):
    ward = IdFilter(field_name="ward_id")
    office = IdFilter(field_name="office_id")
    code = filters.CharFilter(field_name="code", max_length=30)
    q = filters.CharFilter(
        method="search", max_length=100, label="name, household code or address as typed"
    )

    class Meta:
        model = Household
        fields = ["ward", "office", "code", "q"]

    def search(self, queryset, name, value):
        return selectors.households_matching(queryset, value)


class PersonFilter(filters.FilterSet):
    household = IdFilter(field_name="household_id")
    q = filters.CharFilter(method="search", max_length=100, label="name or household code")

    class Meta:
        model = Person
        fields = ["household", "q"]

    def search(self, queryset, name, value):
        return selectors.persons_matching(queryset, value)


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary=_("Households the user may see")),
    retrieve=extend_schema(tags=[TAG], summary=_("One household")),
)
class HouseholdViewSet(ScopedReadViewSet):
    selector = selectors.households_for
    required_action = "view:borrowers.household"
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary=_("Persons of the households the user may see")),
    retrieve=extend_schema(tags=[TAG], summary=_("One person (citizen ID masked)")),
)
class PersonViewSet(ScopedReadViewSet):
    selector = selectors.persons_for
    required_action = "view:borrowers.person"
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    @extend_schema(
        tags=[TAG],
        summary=_("A person's citizen ID in full (logged)"),
        description=_(
            "For the roles that keep the persons' records only; every answer is written to the "
            "audit log as a view of personal data, as the web's record form is."
        ),
        responses=FullCccdSerializer,
    )
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        pagination_class=None,
        # Who may look a person up by a full citizen ID (`may_find_by_cccd`): those who
        # keep the persons' records.
        required_action="change:borrowers.person",
    )
    def cccd(self, request, pk=None):
        person = self.get_object()
        if not selectors.may_find_by_cccd(request.user):
            raise PermissionDenied
        record_personal_data_view(actor=request.user, instance=person)
        return Response({"id": person.pk, "cccd": person.cccd})
