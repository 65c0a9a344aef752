"""Savings-and-loan groups and their memberships (read), through the network's scoped
selectors."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from policycredit.api.base import IdFilter, ScopedReadViewSet
from policycredit.network import selectors
from policycredit.network.models import Membership, SavingsGroup

TAG = "groups"


class GroupSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    point_name = serializers.CharField(source="transaction_point.name", read_only=True)
    leader_name = serializers.SerializerMethodField()
    active_members = serializers.IntegerField(read_only=True)

    class Meta:
        model = SavingsGroup
        fields = [
            "id",
            "code",
            "name",
            "organisation",
            "organisation_name",
            "transaction_point",
            "point_name",
            "office",
            "leader",
            "leader_name",
            "founded",
            "closed",
            "active_members",
        ]

    def get_leader_name(self, obj) -> str:
        return obj.leader.full_name if obj.leader_id else ""


class MembershipSerializer(serializers.ModelSerializer):
    household_code = serializers.CharField(source="household.code", read_only=True)
    group_code = serializers.CharField(source="group.code", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "group", "group_code", "household", "household_code", "joined", "left"]


class GroupFilter(filters.FilterSet):
    organisation = IdFilter(field_name="organisation_id")
    point = IdFilter(field_name="transaction_point_id")
    office = IdFilter(field_name="office_id")
    open = filters.BooleanFilter(field_name="closed", lookup_expr="isnull", label="not closed")

    class Meta:
        model = SavingsGroup
        fields = ["organisation", "point", "office", "open"]


class MembershipFilter(filters.FilterSet):
    group = IdFilter(field_name="group_id")
    household = IdFilter(field_name="household_id")
    current = filters.BooleanFilter(field_name="left", lookup_expr="isnull", label="not left")

    class Meta:
        model = Membership
        fields = ["group", "household", "current"]


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary=_("Savings-and-loan groups the user may see")),
    retrieve=extend_schema(tags=[TAG], summary=_("One savings-and-loan group")),
)
class GroupViewSet(ScopedReadViewSet):
    selector = selectors.groups_for
    required_action = "view:network.savingsgroup"
    serializer_class = GroupSerializer
    filterset_class = GroupFilter

    def get_queryset(self):
        # The member count's grouping drops the model's order; pages need a stable one.
        return super().get_queryset().order_by("code")


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary=_("Group memberships the user may see")),
    retrieve=extend_schema(tags=[TAG], summary=_("One group membership")),
)
class MembershipViewSet(ScopedReadViewSet):
    selector = selectors.memberships_for
    required_action = "view:network.membership"
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
