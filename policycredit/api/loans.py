"""Loans with their state and its explanation, and their transactions (read).

The figures are the engine's (`loans.selectors.loan_state`: the loan's history replayed as of a
day), never worked out here: the row's status and debt group are what the close of day and the
services derived; the state is as of `?as_of=` (the business date when left out); the
explanation is the engine's stretches of constant balance, each with its days, rate and exact
interest, as the loan's page lists them.
"""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from policycredit.api.base import AsOf, IdFilter, ScopedReadViewSet, day_or_today, read_query
from policycredit.loans import selectors
from policycredit.loans.models import Loan, LoanStatus, LoanTransaction, TransactionKind

TAG = "loans"


class LoanSerializer(serializers.ModelSerializer):
    borrower_name = serializers.CharField(source="borrower.full_name", read_only=True)
    programme_code = serializers.CharField(source="programme.code", read_only=True)
    status = serializers.ChoiceField(choices=LoanStatus.choices, read_only=True)
    monthly_rate = serializers.DecimalField(
        max_digits=7, decimal_places=4, read_only=True, help_text="% per month"
    )
    overdue_factor = serializers.DecimalField(max_digits=5, decimal_places=3, read_only=True)

    class Meta:
        model = Loan
        fields = [
            "id",
            "number",
            "office",
            "household",
            "borrower",
            "borrower_name",
            "programme",
            "programme_code",
            "source",
            "group",
            "monthly_rate",
            "overdue_factor",
            "day_basis",
            "amount",
            "term_months",
            "first_disbursed_on",
            "status",
            "debt_group",
            "state_date",
            "disbursed_total",
            "principal_outstanding",
            "principal_overdue",
            "principal_frozen",
            "principal_repaid_total",
            "principal_written_off",
            "interest_paid_total",
            "overdue_since",
            "next_due",
        ]


class NextInstalmentSerializer(serializers.Serializer):
    due = serializers.DateField()
    principal = serializers.IntegerField()


class LoanStateSerializer(serializers.Serializer):
    """The engine's LoanState as of a day (amounts in whole đồng)."""

    as_of = serializers.DateField()
    disbursed_total = serializers.IntegerField()
    principal_outstanding = serializers.IntegerField()
    principal_in_term = serializers.IntegerField()
    principal_overdue = serializers.IntegerField()
    principal_frozen = serializers.IntegerField()
    principal_repaid_total = serializers.IntegerField()
    principal_written_off = serializers.IntegerField()
    interest_accrued_total = serializers.IntegerField(
        help_text="Interest accrued up to the day before as_of, rounded to the đồng."
    )
    interest_paid_total = serializers.IntegerField()
    interest_written_off = serializers.IntegerField()
    interest_due = serializers.IntegerField(help_text="Interest owed now, whole đồng.")
    overdue_since = serializers.DateField(allow_null=True)
    next_due = NextInstalmentSerializer(allow_null=True)


class LoanDetailSerializer(LoanSerializer):
    state = serializers.SerializerMethodField()

    class Meta(LoanSerializer.Meta):
        fields = [*LoanSerializer.Meta.fields, "state"]

    @extend_schema_field(LoanStateSerializer)
    def get_state(self, obj):
        return LoanStateSerializer(self.context["state"]).data


class InterestSegmentSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="The first day not in the stretch.")
    days = serializers.IntegerField()
    balance = serializers.IntegerField()
    kind = serializers.CharField(help_text="in_term or overdue")
    rate = serializers.CharField(help_text="% per month applied, a decimal string")
    interest = serializers.CharField(help_text="Exact interest of the stretch, a decimal string")


class LoanTermsSerializer(serializers.Serializer):
    monthly_rate = serializers.CharField(help_text="% per month, a decimal string")
    overdue_factor = serializers.CharField()
    day_basis = serializers.IntegerField(help_text="30: monthly rate ÷ 30; 365: yearly ÷ 365")


class LoanExplanationSerializer(serializers.Serializer):
    loan = serializers.IntegerField()
    number = serializers.CharField()
    as_of = serializers.DateField()
    terms = LoanTermsSerializer()
    segments = InterestSegmentSerializer(many=True)
    interest_accrued_exact = serializers.CharField(help_text="Σ of the stretches, exact")
    interest_accrued_total = serializers.IntegerField()
    interest_opening = serializers.IntegerField(help_text="Brought from earlier books")
    interest_paid_total = serializers.IntegerField()
    interest_written_off = serializers.IntegerField()
    interest_due = serializers.IntegerField()


class LoanTransactionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=TransactionKind.choices, read_only=True)

    class Meta:
        model = LoanTransaction
        fields = [
            "id",
            "loan",
            "kind",
            "value_date",
            "principal",
            "interest",
            "reverses",
            "reason",
            "recorded_at",
        ]


class LoanFilter(filters.FilterSet):
    household = IdFilter(field_name="household_id")
    group = IdFilter(field_name="group_id")
    programme = IdFilter(field_name="programme_id")
    source = IdFilter(field_name="source_id")
    status = filters.ChoiceFilter(choices=LoanStatus.choices)
    debt_group = filters.ChoiceFilter(choices=[(g, str(g)) for g in range(1, 6)])
    number = filters.CharFilter(field_name="number", max_length=30)
    q = filters.CharFilter(
        method="search", max_length=100, label="contract number, borrower's name or household code"
    )

    class Meta:
        model = Loan
        fields = ["household", "group", "programme", "source", "status", "number", "q"]

    def search(self, queryset, name, value):
        return selectors.numbered_matching(queryset, value)


class TransactionFilter(filters.FilterSet):
    loan = IdFilter(field_name="loan_id")
    kind = filters.ChoiceFilter(choices=TransactionKind.choices)
    value_date_from = filters.DateFilter(field_name="value_date", lookup_expr="gte")
    value_date_to = filters.DateFilter(field_name="value_date", lookup_expr="lte")

    class Meta:
        model = LoanTransaction
        fields = ["loan", "kind"]


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary=_("Loans the user may see, as their rows stand")),
    retrieve=extend_schema(
        tags=[TAG],
        summary=_("One loan with its state as of a day (the engine's figures)"),
        parameters=[AsOf],
    ),
)
class LoanViewSet(ScopedReadViewSet):
    selector = selectors.loans_for
    required_action = "view:loans.loan"
    serializer_class = LoanSerializer
    filterset_class = LoanFilter

    def get_serializer_class(self):
        return LoanDetailSerializer if self.action == "retrieve" else LoanSerializer

    def retrieve(self, request, *args, **kwargs):
        loan = self.get_object()
        as_of = day_or_today(read_query(AsOf, request).get("as_of"))
        state = selectors.loan_state(loan, as_of)
        return Response(LoanDetailSerializer(loan, context={"state": state}).data)

    @extend_schema(
        tags=[TAG],
        summary=_("How the loan's interest comes about as of a day"),
        description=_(
            "The engine's stretches of constant balance since the first disbursement: days, "
            "balance, in term or overdue, the rate applied and the exact interest; their sum, "
            "what was paid and written off, and what is due."
        ),
        parameters=[AsOf],
        responses=LoanExplanationSerializer,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def explanation(self, request, pk=None):
        loan = self.get_object()
        as_of = day_or_today(read_query(AsOf, request).get("as_of"))
        state = selectors.loan_state(loan, as_of)
        return Response(
            LoanExplanationSerializer(
                {
                    "loan": loan.pk,
                    "number": loan.number,
                    "as_of": as_of,
                    "terms": {
                        "monthly_rate": str(loan.monthly_rate),
                        "overdue_factor": str(loan.overdue_factor),
                        "day_basis": loan.day_basis,
                    },
                    "segments": [
                        {
                            "start": s.start,
                            "end": s.end,
                            "days": s.days,
                            "balance": s.balance,
                            "kind": s.kind,
                            "rate": str(s.rate),
                            "interest": str(s.interest),
                        }
                        for s in state.segments
                    ],
                    "interest_accrued_exact": str(state.interest_accrued_exact),
                    "interest_accrued_total": state.interest_accrued_total,
                    "interest_opening": state.interest_opening,
                    "interest_paid_total": state.interest_paid_total,
                    "interest_written_off": state.interest_written_off,
                    "interest_due": state.interest_due,
                }
            ).data
        )


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary=_("Loan transactions the user may see")),
    retrieve=extend_schema(tags=[TAG], summary=_("One loan transaction")),
)
class TransactionViewSet(ScopedReadViewSet):
    selector = selectors.transactions_for
    required_action = "view:loans.loantransaction"
    serializer_class = LoanTransactionSerializer
    filterset_class = TransactionFilter
