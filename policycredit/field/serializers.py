"""The field app's and the sheets' JSON, request and response alike, exactly as the OpenAPI
schema documents it (Schemathesis checks every answer against it)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers as s

from policycredit.api.base import DayRangeField
from policycredit.domain.money import MAX_VND
from policycredit.inspections.models import UseOutcome
from policycredit.transactiondays.models import (
    ConflictReason,
    DayStatus,
    Resolution,
    StatementStatus,
)

MAX_ID = 2**63 - 1
MAX_RECORDS = 500


def _id(**kwargs):
    return s.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _money(**kwargs):
    return s.IntegerField(min_value=0, max_value=MAX_VND, **kwargs)


def _key():
    return s.CharField(max_length=80, help_text=_("The record's key, a UUID made by the app."))


# ------------------------------------------------------------------------------ errors


class RecordErrorItem(s.Serializer):
    code = s.CharField()
    message = s.CharField(allow_blank=True)


class RecordError(s.Serializer):
    """Why a record was refused, in the project-wide error body's shape."""

    code = s.CharField()
    message = s.CharField(allow_blank=True)
    fields = s.DictField(child=RecordErrorItem(many=True), required=False)


# ------------------------------------------------------------------------------ me, groups


class FieldUser(s.Serializer):
    username = s.CharField()
    name = s.CharField(allow_blank=True)
    role = s.CharField(allow_blank=True)


class FieldMe(s.Serializer):
    user = FieldUser()
    csrf_token = s.CharField()
    business_date = s.DateField()


class FieldPoint(s.Serializer):
    id = _id()
    name = s.CharField()
    address = s.CharField(allow_blank=True)


class FieldGroup(s.Serializer):
    id = _id()
    code = s.CharField()
    name = s.CharField()
    point = FieldPoint()
    day = s.DateField(help_text=_("The point's next transaction day."))
    members = s.IntegerField(min_value=0)


class FieldGroups(s.Serializer):
    groups = FieldGroup(many=True)


# ------------------------------------------------------------------------------ the pack


class PackLoan(s.Serializer):
    loan_id = _id()
    number = s.CharField()
    programme = s.CharField()
    outstanding = _money()
    overdue = _money()
    interest_due = _money()
    principal_due = _money()
    next_due = s.DateField(allow_null=True)


class PackCollected(s.Serializer):
    interest = _money()
    savings = _money()
    key = s.CharField()


class PackMember(s.Serializer):
    membership_id = _id()
    household_id = _id()
    household_code = s.CharField()
    name = s.CharField(allow_blank=True)
    outstanding = _money()
    interest_due = _money()
    principal_due = _money()
    savings_due = _money()
    savings_balance = s.IntegerField()
    loans = PackLoan(many=True)
    basis = s.CharField(help_text=_("Opaque fingerprint of the member's figures; send it back."))
    collected = PackCollected(allow_null=True)


class CheckLoan(s.Serializer):
    loan_id = _id()
    number = s.CharField()
    household_code = s.CharField()
    name = s.CharField(allow_blank=True)
    programme = s.CharField()
    checked = s.BooleanField()


class FieldChoice(s.Serializer):
    value = s.CharField()
    label = s.CharField()


class PackChecks(s.Serializer):
    loans = CheckLoan(many=True)
    outcomes = FieldChoice(many=True)


class PackCriterion(s.Serializer):
    code = s.CharField()
    label = s.CharField()
    max = s.IntegerField(min_value=0)


class PackInspection(s.Serializer):
    year = s.IntegerField()
    criteria = PackCriterion(many=True)
    done = s.BooleanField()


class FieldPack(s.Serializer):
    group = FieldGroup()
    day = s.DateField()
    downloaded_at = s.DateTimeField()
    members = PackMember(many=True)
    checks = PackChecks(allow_null=True)
    inspection = PackInspection(allow_null=True)


# ------------------------------------------------------------------------------ sync


class StatementRecord(s.Serializer):
    key = _key()
    kind = s.ChoiceField(choices=["statement"])
    group_id = _id()
    day = DayRangeField()
    membership_id = _id()
    interest = _money()
    savings = _money()
    basis = s.CharField(max_length=4000, allow_blank=True)
    recorded_at = s.DateTimeField()


class LoanUseCheckRecord(s.Serializer):
    key = _key()
    kind = s.ChoiceField(choices=["loan_use_check"])
    loan_id = _id()
    checked_on = DayRangeField()
    outcome = s.ChoiceField(choices=UseOutcome.choices)
    amount_used = _money(required=False, allow_null=True)
    jobs_new = s.IntegerField(min_value=0, max_value=100_000, required=False, allow_null=True)
    jobs_maintained = s.IntegerField(
        min_value=0, max_value=100_000, required=False, allow_null=True
    )
    note = s.CharField(max_length=2000, required=False, allow_blank=True)
    recorded_at = s.DateTimeField()


class GroupInspectionRecord(s.Serializer):
    key = _key()
    kind = s.ChoiceField(choices=["group_inspection"])
    group_id = _id()
    inspected_on = DayRangeField()
    scores = s.DictField(child=s.IntegerField(min_value=0, max_value=1000))
    findings = s.CharField(max_length=4000, required=False, allow_blank=True)
    follow_up = s.CharField(max_length=4000, required=False, allow_blank=True)
    recorded_at = s.DateTimeField()


RECORDS = {
    "statement": StatementRecord,
    "loan_use_check": LoanUseCheckRecord,
    "group_inspection": GroupInspectionRecord,
}


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="SyncRecord",
        serializers=list(RECORDS.values()),
        resource_type_field_name="kind",
    )
)
class RecordField(s.DictField):
    """One record; each is checked on its own when processed, so that one wrong record is
    refused alone and the others are still taken."""


class SyncRequest(s.Serializer):
    records = s.ListField(child=RecordField(), max_length=MAX_RECORDS)


class MemberFigures(s.Serializer):
    """A member's figures on a day: what the app had when it downloaded ("then")."""

    day = s.DateField()
    outstanding = _money()
    interest_due = _money()
    principal_due = _money()
    savings_due = _money()
    savings_balance = s.IntegerField()
    loans = s.ListField(child=s.DictField(child=s.IntegerField()))


class SyncConflict(s.Serializer):
    id = _id()
    reason = s.ChoiceField(choices=ConflictReason.choices)
    message = s.CharField()
    then = MemberFigures(allow_null=True)
    now = PackMember(allow_null=True)


class SyncResult(s.Serializer):
    key = s.CharField(allow_null=True)
    status = s.ChoiceField(choices=["accepted", "duplicate", "conflict", "refused"])
    id = _id(required=False)
    conflict = SyncConflict(required=False)
    error = RecordError(required=False)


class SyncResponse(s.Serializer):
    results = SyncResult(many=True)


# ------------------------------------------------------------------------------ conflicts


class RecordedAmounts(s.Serializer):
    interest = _money()
    savings = _money()


class OpenConflict(s.Serializer):
    id = _id()
    key = s.CharField()
    group_id = _id()
    membership_id = _id()
    name = s.CharField(allow_blank=True)
    day = s.DateField()
    reason = s.ChoiceField(choices=ConflictReason.choices)
    message = s.CharField()
    then = MemberFigures(allow_null=True)
    now = PackMember(allow_null=True)
    recorded = RecordedAmounts()
    recorded_at = s.DateTimeField()


class OpenConflicts(s.Serializer):
    conflicts = OpenConflict(many=True)


class ResolveRequest(s.Serializer):
    choice = s.ChoiceField(choices=Resolution.choices)
    interest = _money(required=False)
    savings = _money(required=False)


class FieldStatementLine(s.Serializer):
    id = _id()
    key = s.CharField()
    day = s.DateField()
    group_id = _id()
    membership_id = _id()
    interest = _money()
    savings = _money()
    status = s.ChoiceField(choices=StatementStatus.choices)
    recorded_at = s.DateTimeField()
    received_at = s.DateTimeField()


class ConflictResolved(s.Serializer):
    status = s.ChoiceField(choices=["resolved"])
    line = FieldStatementLine()


# ------------------------------------------------------------------------------ days, sheets


class DayOffice(s.Serializer):
    id = _id()
    name = s.CharField()


class TransactionDaySummary(s.Serializer):
    id = _id()
    date = s.DateField()
    status = s.ChoiceField(choices=DayStatus.choices)
    point = FieldPoint()
    office = DayOffice()


class DayTotals(s.Serializer):
    collected_principal = _money()
    collected_interest = _money()
    deposits = _money()
    withdrawals = _money()
    disbursed = _money()
    payouts = _money()
    cash_in = _money()
    cash_out = _money()
    net = s.IntegerField()


class TransactionDayDetail(TransactionDaySummary):
    cash_brought = _money()
    cash_counted = s.IntegerField(allow_null=True)
    cash_expected = s.IntegerField(allow_null=True)
    totals = DayTotals()
    groups_not_entered = s.IntegerField(min_value=0)


class GroupSheetLoan(s.Serializer):
    loan_id = _id()
    number = s.CharField()
    programme = s.CharField()
    outstanding = _money()
    overdue = _money()
    frozen = _money()
    principal_due = _money()
    interest_due = _money()
    next_due = s.DateField(allow_null=True)
    principal = _money(help_text=_("Principal entered (saved draft), 0 if none."))
    interest = _money(help_text=_("Interest entered (saved draft), 0 if none."))
    seen = s.ListField(child=_money(), min_length=2, max_length=2)
    start_interest = _money(help_text=_("What the entry sheet starts from."))


class SheetStatement(s.Serializer):
    interest = _money()
    savings = _money()
    key = s.CharField()
    received_at = s.DateTimeField()


class GroupSheetMember(s.Serializer):
    membership_id = _id()
    household_id = _id()
    household_code = s.CharField()
    name = s.CharField(allow_blank=True)
    savings_due = _money()
    savings_balance = s.IntegerField()
    deposit = _money()
    withdrawal = _money()
    seen = s.ListField(child=_money(), min_length=2, max_length=2)
    start_deposit = _money()
    statement = SheetStatement(allow_null=True)
    loans = GroupSheetLoan(many=True)


class GroupSheetTotals(s.Serializer):
    outstanding = _money()
    overdue = _money()
    principal_due = _money()
    interest_due = _money()
    savings_due = _money()
    total_due = _money()


class GroupSheetGroup(s.Serializer):
    id = _id()
    code = s.CharField()
    name = s.CharField()


class GroupSheet(s.Serializer):
    day = TransactionDaySummary()
    group = GroupSheetGroup()
    editable = s.BooleanField()
    members = GroupSheetMember(many=True)
    totals = GroupSheetTotals()
    conflicts = s.IntegerField(min_value=0)


class EntryRow(s.Serializer):
    """One row as the web form sends it (`transactiondays.services.Collected`): a loan's
    principal and interest, or a member's deposit and withdrawal; ``seen`` is what the sheet
    showed as saved when it was read (its ``seen``), null to write as sent."""

    loan_id = _id(required=False, allow_null=True)
    principal = _money(required=False, default=0)
    interest = _money(required=False, default=0)
    membership_id = _id(required=False, allow_null=True)
    deposit = _money(required=False, default=0)
    withdrawal = _money(required=False, default=0)
    seen = s.ListField(child=_money(), min_length=2, max_length=2, required=False, allow_null=True)

    def validate(self, attrs):
        if (attrs.get("loan_id") is None) == (attrs.get("membership_id") is None):
            raise s.ValidationError(
                _("A row is either a loan's (loan_id) or a member's (membership_id)."),
                code="bad_row",
            )
        return attrs


class EntriesRequest(s.Serializer):
    rows = EntryRow(many=True, max_length=2000)


class EntriesResponse(s.Serializer):
    warnings = s.ListField(child=s.CharField())
    sheet = GroupSheet()
