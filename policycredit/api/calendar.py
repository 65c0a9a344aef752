"""The transaction-day calendar (read): each point's twelve sessions of a year, with where the
rules put each and where it is held, the moves the office decided and the year's holidays —
the calendar page's figures (`calendar.selectors.sessions_for`)."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from policycredit.api.base import IdFilter, ScopedReadViewSet, read_query
from policycredit.calendar import selectors
from policycredit.calendar.forms import FIRST_YEAR, LAST_YEAR
from policycredit.calendar.models import TransactionDayMove
from policycredit.common.selectors import business_date

TAG = "calendar"
VIEW = "view:calendar.holiday"


class YearQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text="the business year when left out",
    )


class TransactionSessionSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    fixed = serializers.DateField(help_text="The point's day of the month.")
    scheduled = serializers.DateField(help_text="After the weekend and holiday rule.")
    date = serializers.DateField(help_text="The day the session is held (after any move).")
    shifted = serializers.BooleanField()
    moved = serializers.BooleanField()
    holiday = serializers.CharField(help_text="The holiday the session falls on, if any.")
    reason = serializers.CharField(help_text="Why it was moved, if it was.")


class PointSessionsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    ward = serializers.IntegerField()
    ward_name = serializers.CharField()
    day_of_month = serializers.IntegerField()
    sessions = TransactionSessionSerializer(many=True)


class PublicHolidaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()


class CalendarYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    points = PointSessionsSerializer(many=True)
    holidays = PublicHolidaySerializer(many=True)


class DayMoveSerializer(serializers.ModelSerializer):
    class Meta:
        model = TransactionDayMove
        fields = ["id", "point", "original", "moved_to", "reason", "created"]


class MoveFilter(filters.FilterSet):
    point = IdFilter(field_name="point_id")
    year = IdFilter(
        field_name="original", lookup_expr="year", min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    class Meta:
        model = TransactionDayMove
        fields = ["point", "year"]


class CalendarView(APIView):
    required_action = VIEW

    @extend_schema(
        tags=[TAG],
        summary=_("The transaction days of a year at the points the user may see"),
        parameters=[YearQuery],
        responses=CalendarYearSerializer,
    )
    def get(self, request):
        year = read_query(YearQuery, request).get("year") or business_date().year
        rows = selectors.sessions_for(request.user, year)
        points = [
            {
                "id": point.pk,
                "code": point.code,
                "name": point.name,
                "ward": point.ward_id,
                "ward_name": point.ward.name,
                "day_of_month": point.day_of_month,
                "sessions": [
                    {
                        "month": c.session.month,
                        "fixed": c.session.fixed,
                        "scheduled": c.session.scheduled,
                        "date": c.session.date,
                        "shifted": c.session.shifted,
                        "moved": c.session.moved,
                        "holiday": c.holiday,
                        "reason": c.reason,
                    }
                    for c in cells
                ],
            }
            for point, cells in rows
        ]
        holidays = selectors.holidays_for(request.user).filter(date__year=year)
        return Response(
            CalendarYearSerializer(
                {
                    "year": year,
                    "points": points,
                    "holidays": [{"date": h.date, "name": h.name} for h in holidays],
                }
            ).data
        )


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary=_("Transaction days moved by the office")),
    retrieve=extend_schema(tags=[TAG], summary=_("One moved transaction day")),
)
class MoveViewSet(ScopedReadViewSet):
    selector = selectors.moves_for
    required_action = VIEW
    serializer_class = DayMoveSerializer
    filterset_class = MoveFilter
