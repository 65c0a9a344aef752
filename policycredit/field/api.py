"""The field app's API and the transaction day's sheets (issue 21), as DRF views.

Every view answers for the signed-in user only, checks the role's action first (a role
without it: 403) and reads through the scoped selectors (a record outside the area: 404,
exactly as a missing one). Refusals of the services come back as the project's error body
(`errors.refusal`); what the framework refuses (no session, no right, no such record) is
formatted by the API's exception handler. Each operation is documented with its exact
request and answers, for the schema Schemathesis fuzzes.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from policycredit.accounts.roles import can_act
from policycredit.common.selectors import business_date
from policycredit.field import errors, selectors, services
from policycredit.field import serializers as s
from policycredit.field.models import ReceiptKind, SyncReceipt
from policycredit.network.selectors import groups_for
from policycredit.transactiondays import selectors as days
from policycredit.transactiondays.models import DayStatus
from policycredit.transactiondays.services import Collected, resolve_statement, save_group

TAG = "field"
SHEETS = "transaction days"


def needs(action: str) -> type[BasePermission]:
    """A permission: the signed-in user's role may take ``action`` (accounts/roles.py)."""

    class Can(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated) and can_act(
                request.user, action
            )

    Can.__name__ = f"Can_{action.replace('.', '_')}"
    return Can


def answers(ok) -> dict:
    """The operation's own answer; the error bodies every operation may give (400, 401, 403,
    404, 429 …) are added to each by the API's schema hook (`api.schema.error_responses`)."""
    return {200: ok}


def refused(error: Exception, status: int = 400) -> Response:
    return Response(errors.refusal(error), status=status)


class _FieldView(APIView):
    permission_classes = [IsAuthenticated, needs("field.use")]


# ---------------------------------------------------------------------------- the field app


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=[TAG],
        summary="Who is signed in, the CSRF token for the app's POSTs, the business date",
        responses=answers(s.FieldMe),
    )
    def get(self, request):
        user = request.user
        data = {
            "user": {
                "username": user.username,
                "name": user.get_full_name() or user.username,
                "role": user.role or "",
            },
            "csrf_token": get_token(request),
            "business_date": business_date(),
        }
        return Response(s.FieldMe(data).data)


class GroupsView(_FieldView):
    @extend_schema(
        tags=[TAG],
        summary="The groups the user works for in the field, with the next transaction day",
        responses=answers(s.FieldGroups),
    )
    def get(self, request):
        found = selectors.groups_of(request.user, business_date())
        return Response(s.FieldGroups({"groups": [selectors.group_data(g) for g in found]}).data)


class PackView(_FieldView):
    @extend_schema(
        tags=[TAG],
        summary="What to take to the meeting: each member's figures for the next day",
        responses=answers(s.FieldPack),
    )
    def get(self, request, group_id: int):
        today = business_date()
        entry = selectors.field_group(request.user, group_id, today)
        if entry is None:
            raise NotFound(code="not_found")
        return Response(s.FieldPack(selectors.pack(request.user, entry, today)).data)


class SyncView(_FieldView):
    @extend_schema(
        tags=[TAG],
        summary="Send the records made offline; each is taken once per key",
        request=s.SyncRequest,
        responses=answers(s.SyncResponse),
    )
    def post(self, request):
        body = s.SyncRequest(data=request.data)
        if not body.is_valid():
            return Response(errors.invalid(body.errors), status=400)
        results = services.sync(actor=request.user, records=body.validated_data["records"])
        return Response(s.SyncResponse({"results": results}).data)


class ConflictsView(_FieldView):
    @extend_schema(
        tags=[TAG],
        summary="Statement lines that met changed figures and wait to be resolved",
        responses=answers(s.OpenConflicts),
    )
    def get(self, request):
        return Response(s.OpenConflicts({"conflicts": selectors.open_conflicts(request.user)}).data)


class ResolveView(APIView):
    permission_classes = [IsAuthenticated, needs("field.resolve")]

    @extend_schema(
        tags=[TAG],
        summary="Resolve a conflict: keep what was recorded, or change the amounts",
        request=s.ResolveRequest,
        responses=answers(s.ConflictResolved),
    )
    def post(self, request, conflict_id: int):
        line = days.statement_lines_for(request.user).filter(pk=conflict_id).first()
        if line is None:
            raise NotFound(code="not_found")
        body = s.ResolveRequest(data=request.data)
        if not body.is_valid():
            return Response(errors.invalid(body.errors), status=400)
        try:
            accepted = resolve_statement(actor=request.user, line=line, **body.validated_data)
        except (ValidationError, PermissionDenied) as error:
            return refused(error)
        return Response(s.ConflictResolved({"status": "resolved", "line": accepted}).data)


# ------------------------------------------------------------------ days and their sheets


class DayFilter(filters.FilterSet):
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    status = filters.ChoiceFilter(choices=DayStatus.choices)


class DaysView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, needs("day.view")]
    serializer_class = s.TransactionDaySummary
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = DayFilter

    def get_queryset(self):
        return days.days_for(self.request.user).order_by("-date", "point__name", "id")

    @extend_schema(
        tags=[SHEETS],
        summary="The transaction days the user may see, the latest first",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _day(request, day_id: int):
    day = days.days_for(request.user).filter(pk=day_id).first()
    if day is None:
        raise NotFound(code="not_found")
    return day


class DayView(APIView):
    permission_classes = [IsAuthenticated, needs("day.view")]

    @extend_schema(
        tags=[SHEETS],
        summary="A transaction day: its status and totals",
        responses=answers(s.TransactionDayDetail),
    )
    def get(self, request, day_id: int):
        day = _day(request, day_id)
        totals = days.day_totals(day)
        data = {
            "id": day.pk,
            "date": day.date,
            "status": day.status,
            "point": day.point,
            "office": day.office,
            "cash_brought": day.cash_brought,
            "cash_counted": day.cash_counted,
            "cash_expected": day.cash_expected,
            "totals": {
                **{
                    name: getattr(totals, name)
                    for name in (
                        "collected_principal",
                        "collected_interest",
                        "deposits",
                        "withdrawals",
                        "disbursed",
                        "payouts",
                        "cash_in",
                        "cash_out",
                        "net",
                    )
                }
            },
            "groups_not_entered": len(days.groups_not_entered(day)),
        }
        return Response(s.TransactionDayDetail(data).data)


def _group(request, day, group_id: int):
    group = (
        groups_for(request.user)
        .filter(pk=group_id, transaction_point_id=day.point_id)
        .select_related("transaction_point")
        .first()
    )
    if group is None:
        raise NotFound(code="not_found")
    return group


class SheetView(APIView):
    permission_classes = [IsAuthenticated, needs("day.view")]

    @extend_schema(
        tags=[SHEETS],
        summary="A group's collection sheet for the day: what is due, what is entered",
        responses=answers(s.GroupSheet),
    )
    def get(self, request, day_id: int, group_id: int):
        day = _day(request, day_id)
        group = _group(request, day, group_id)
        return Response(s.GroupSheet(selectors.sheet_data(request.user, day, group)).data)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="A key of the client's: the same key again answers what the first answered.",
)


class EntriesView(APIView):
    permission_classes = [IsAuthenticated, needs("day.enter")]

    @extend_schema(
        tags=[SHEETS],
        summary="Save a group's entries for the day (the entry sheet), all rows at once",
        description=(
            "The web form's rules: every row checked against what is due, all refused if one "
            "is wrong, a row someone else saved since it was read (its seen) refused as "
            "stale. Sending the same rows again changes nothing."
        ),
        request=s.EntriesRequest,
        parameters=[IDEMPOTENCY_KEY],
        responses=answers(s.EntriesResponse),
    )
    def put(self, request, day_id: int, group_id: int):
        return self._save(request, day_id, group_id)

    @extend_schema(
        tags=[SHEETS],
        summary="Save a group's entries for the day (as PUT)",
        request=s.EntriesRequest,
        parameters=[IDEMPOTENCY_KEY],
        responses=answers(s.EntriesResponse),
    )
    def post(self, request, day_id: int, group_id: int):
        return self._save(request, day_id, group_id)

    def _save(self, request, day_id, group_id):
        day = _day(request, day_id)
        group = _group(request, day, group_id)
        body = s.EntriesRequest(data=request.data)
        if not body.is_valid():
            return Response(errors.invalid(body.errors), status=400)
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if len(key) > 70:
            return Response(
                {
                    "code": "bad_idempotency_key",
                    "message": _("The Idempotency-Key header is at most 70 characters long."),
                },
                status=400,
            )
        receipt_key = f"entries:{key}" if key else None
        replay = _replay(request, receipt_key)
        if replay is not None:
            return replay
        rows = [
            Collected(
                loan_id=row.get("loan_id"),
                principal=row.get("principal", 0),
                interest=row.get("interest", 0),
                membership_id=row.get("membership_id"),
                deposit=row.get("deposit", 0),
                withdrawal=row.get("withdrawal", 0),
                seen=tuple(row["seen"]) if row.get("seen") is not None else None,
            )
            for row in body.validated_data["rows"]
        ]
        try:
            with transaction.atomic():
                warnings = save_group(actor=request.user, day=day, group=group, rows=rows)
                data = s.EntriesResponse(
                    {
                        "warnings": [str(w) for w in warnings],
                        "sheet": selectors.sheet_data(request.user, day, group),
                    }
                ).data
                if receipt_key:
                    SyncReceipt.objects.create(
                        key=receipt_key,
                        user=request.user,
                        kind=ReceiptKind.ENTRIES,
                        status="accepted",
                        object_id=day.pk,
                        response=data,
                    )
        except (ValidationError, PermissionDenied) as error:
            return refused(error)
        except IntegrityError:
            # Another request with the key saved meanwhile: this one's save was rolled back.
            return _replay(request, receipt_key) or Response(
                {
                    "code": "idempotency_key_used",
                    "message": _("This Idempotency-Key was used by someone else."),
                },
                status=400,
            )
        return Response(data)


def _replay(request, receipt_key: str | None) -> Response | None:
    """The answer given to the first request with this Idempotency-Key, if there was one."""
    if not receipt_key:
        return None
    seen = SyncReceipt.objects.filter(key=receipt_key, user=request.user).first()
    if seen is None or seen.response is None:
        return None
    return Response(seen.response, headers={"Idempotent-Replayed": "true"})
