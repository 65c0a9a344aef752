"""Members' savings (read): the movements, each member's balance in a group and each group's
totals as of a day — the savings pages' figures (`savings.selectors`)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from policycredit.api.base import AsOf, IdFilter, ScopedReadViewSet, day_or_today, read_query
from policycredit.network.selectors import groups_for
from policycredit.savings import selectors
from policycredit.savings.models import SavingsKind, SavingsTransaction

TAG = "savings"
VIEW = "view:savings.savingstransaction"


class SavingsMovementSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=SavingsKind.choices, read_only=True)
    group = serializers.IntegerField(source="membership.group_id", read_only=True)
    household = serializers.IntegerField(source="membership.household_id", read_only=True)

    class Meta:
        model = SavingsTransaction
        fields = [
            "id",
            "membership",
            "group",
            "household",
            "kind",
            "amount",
            "value_date",
            "reverses",
            "reason",
            "recorded_at",
        ]


class MovementFilter(filters.FilterSet):
    membership = IdFilter(field_name="membership_id")
    group = IdFilter(field_name="membership__group_id")
    household = IdFilter(field_name="membership__household_id")
    kind = filters.ChoiceFilter(choices=SavingsKind.choices)
    value_date_from = filters.DateFilter(field_name="value_date", lookup_expr="gte")
    value_date_to = filters.DateFilter(field_name="value_date", lookup_expr="lte")

    class Meta:
        model = SavingsTransaction
        fields = ["membership", "group", "household", "kind"]


class MemberSavingsSerializer(serializers.Serializer):
    membership = serializers.IntegerField()
    household = serializers.IntegerField()
    household_code = serializers.CharField()
    joined = serializers.DateField()
    left = serializers.DateField(allow_null=True)
    balance = serializers.IntegerField(help_text="Whole đồng on as_of.")


class SavingsBalancesSerializer(serializers.Serializer):
    group = serializers.IntegerField()
    as_of = serializers.DateField()
    balance = serializers.IntegerField()
    members = MemberSavingsSerializer(many=True)


class SavingsGroupTotalSerializer(serializers.Serializer):
    group = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    members_with_savings = serializers.IntegerField()
    balance = serializers.IntegerField()
    deposits = serializers.IntegerField(help_text="In the month of as_of, net of reversals.")
    withdrawals = serializers.IntegerField()


class SavingsTotalsSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    groups = SavingsGroupTotalSerializer(many=True)


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary=_("Savings movements the user may see")),
    retrieve=extend_schema(tags=[TAG], summary=_("One savings movement")),
)
class MovementViewSet(ScopedReadViewSet):
    selector = selectors.transactions_for
    required_action = VIEW
    serializer_class = SavingsMovementSerializer
    filterset_class = MovementFilter


class GroupBalancesView(APIView):
    required_action = VIEW

    @extend_schema(
        tags=[TAG],
        summary=_("Each member's savings in a group as of a day"),
        parameters=[AsOf],
        responses=SavingsBalancesSerializer,
    )
    def get(self, request, pk):
        group = get_object_or_404(groups_for(request.user), pk=pk)
        as_of = day_or_today(read_query(AsOf, request).get("as_of"))
        members = [
            {
                "membership": m.pk,
                "household": m.household_id,
                "household_code": m.household.code,
                "joined": m.joined,
                "left": m.left,
                "balance": m.balance,
            }
            for m in selectors.balances_by_member(request.user, group, as_of)
        ]
        return Response(
            SavingsBalancesSerializer(
                {
                    "group": group.pk,
                    "as_of": as_of,
                    "balance": sum(m["balance"] for m in members),
                    "members": members,
                }
            ).data
        )


class TotalsView(APIView):
    required_action = VIEW

    @extend_schema(
        tags=[TAG],
        summary=_("Savings of each group the user may see as of a day"),
        parameters=[AsOf],
        responses=SavingsTotalsSerializer,
    )
    def get(self, request):
        as_of = day_or_today(read_query(AsOf, request).get("as_of"))
        groups = [
            {
                "group": t.group.pk,
                "code": t.group.code,
                "name": t.group.name,
                "members_with_savings": t.members_with_savings,
                "balance": t.balance,
                "deposits": t.deposits,
                "withdrawals": t.withdrawals,
            }
            for t in selectors.group_totals(request.user, as_of)
        ]
        return Response(SavingsTotalsSerializer({"as_of": as_of, "groups": groups}).data)
