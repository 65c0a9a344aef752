"""The field app's sync: every record on its own, in its own transaction, once per key.

A record's key is looked up first: one seen before answers "duplicate" with the first
result's id and creates nothing. Otherwise the receipt is written first (its key is unique,
so of two syncs racing with one key the second waits for the first and then finds it), then
the record goes to its app's service: the 13/TD statement line to the transaction days', the
06/TD check and the 16/TD inspection to the inspections', each checking the role and the
area itself. A record the service refuses rolls back with its receipt and is answered
"refused" with the service's code and message; the next record is processed all the same.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from policycredit.field import errors, selectors
from policycredit.field.models import ReceiptKind, SyncReceipt
from policycredit.field.serializers import RECORDS
from policycredit.inspections.selectors import checkable_loans, inspectable_groups
from policycredit.inspections.services import record_group_inspection, record_loan_use_check
from policycredit.transactiondays import selectors as days
from policycredit.transactiondays.services import record_statement


class _Raced(Exception):
    """Another sync wrote this key's receipt between our look-up and our insert."""


def sync(*, actor, records: list) -> list[dict]:
    """Each record's result, in the order sent."""
    return [_one(actor, raw) for raw in records]


def _one(actor, raw) -> dict:
    key = raw.get("key") if isinstance(raw, dict) else None
    key = key if isinstance(key, str) and 0 < len(key) <= 80 else None
    kind = raw.get("kind") if isinstance(raw, dict) else None
    serializer_class = RECORDS.get(kind) if isinstance(kind, str) else None
    if serializer_class is None:
        return _refused(
            key,
            {
                "code": "unknown_kind",
                "message": _("The record's kind is not one the server takes."),
            },
        )
    serializer = serializer_class(data=raw)
    if not serializer.is_valid():
        return _refused(key, errors.invalid(serializer.errors))
    data = serializer.validated_data
    seen = SyncReceipt.objects.filter(key=data["key"]).first()
    if seen is not None:
        return _duplicate(actor, seen)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    receipt = SyncReceipt.objects.create(
                        key=data["key"], user=actor, kind=kind, status="pending"
                    )
            except IntegrityError as error:
                raise _Raced from error
            result = HANDLERS[kind](actor, data)
            receipt.status, receipt.object_id = result["status"], result["id"]
            receipt.save(update_fields=["status", "object_id"])
    except _Raced:
        return _duplicate(actor, SyncReceipt.objects.get(key=data["key"]))
    except (ValidationError, PermissionDenied) as error:
        return _refused(data["key"], errors.refusal(error))
    return {"key": data["key"], **result}


def _refused(key, error: dict) -> dict:
    return {"key": key, "status": "refused", "error": error}


def _duplicate(actor, receipt: SyncReceipt) -> dict:
    result = {"key": receipt.key, "status": "duplicate"}
    if receipt.object_id is not None:
        result["id"] = receipt.object_id
    if receipt.kind == ReceiptKind.STATEMENT and receipt.status == "conflict":
        line = days.statement_lines_for(actor).filter(pk=receipt.object_id).first()
        if line is not None and line.status == "conflict":
            result["conflict"] = selectors.conflict_of(actor, line)
    return result


def _statement(actor, data) -> dict:
    line = record_statement(
        actor=actor,
        key=data["key"],
        group_id=data["group_id"],
        day=data["day"],
        membership_id=data["membership_id"],
        interest=data["interest"],
        savings=data["savings"],
        basis=data["basis"],
        recorded_at=data["recorded_at"],
    )
    if not line.conflict_reason:
        return {"status": "accepted", "id": line.pk}
    return {"status": "conflict", "id": line.pk, "conflict": selectors.conflict_of(actor, line)}


def _not_found() -> ValidationError:
    return ValidationError(_("There is no such record in your area."), code="not_found")


def _loan_use_check(actor, data) -> dict:
    loan = checkable_loans(actor).filter(pk=data["loan_id"]).first()
    if loan is None:
        raise _not_found()
    check = record_loan_use_check(
        actor=actor,
        loan=loan,
        checked_on=data["checked_on"],
        outcome=data["outcome"],
        amount_used=data.get("amount_used"),
        jobs_new=data.get("jobs_new"),
        jobs_maintained=data.get("jobs_maintained"),
        note=data.get("note", ""),
    )
    return {"status": "accepted", "id": check.pk}


def _group_inspection(actor, data) -> dict:
    group = inspectable_groups(actor).filter(pk=data["group_id"]).first()
    if group is None:
        raise _not_found()
    inspection = record_group_inspection(
        actor=actor,
        group=group,
        inspected_on=data["inspected_on"],
        scores=dict(data["scores"]),
        findings=data.get("findings", ""),
        follow_up=data.get("follow_up", ""),
    )
    return {"status": "accepted", "id": inspection.pk}


HANDLERS = {
    ReceiptKind.STATEMENT: _statement,
    ReceiptKind.LOAN_USE_CHECK: _loan_use_check,
    ReceiptKind.GROUP_INSPECTION: _group_inspection,
}
