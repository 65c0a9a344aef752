"""The reports as JSON: the list the reports page shows and each report's figures, tables and
charts with the page's parameters (as-of date, base year, unit) and its scoping
(`reporting.selectors.report_for`: every report reads through the user's selection)."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from policycredit.api.base import MAX_ID, DayRangeField, read_query
from policycredit.common.query import outside
from policycredit.common.selectors import business_date
from policycredit.domain.review import BASE_YEAR
from policycredit.reporting import selectors

TAG = "reports"
VIEW = "reports.view"


class ReportQuery(serializers.Serializer):
    as_of = DayRangeField(required=False, help_text="yyyy-mm-dd; the business date when left out")
    from_year = serializers.IntegerField(
        required=False, min_value=1990, max_value=2100, help_text="base year (Directive 40)"
    )
    unit = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="a district or ward the user sees"
    )


@extend_schema_field(OpenApiTypes.ANY)
class Cell(serializers.JSONField):
    """A table's cell: a whole number, a decimal string, a day (yyyy-mm-dd), text or null."""


class ReportFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = Cell()


class ReportTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=Cell()))
    total = serializers.ListField(child=Cell(), allow_null=True)


class ReportChartSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    labels = serializers.ListField(child=serializers.CharField())
    series = serializers.ListField(
        child=serializers.ListField(child=Cell()),
        help_text="[name, [value per label]] per series",
    )


class ReportSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    as_of = serializers.DateField()
    read_from = serializers.CharField()
    notes = serializers.ListField(child=serializers.CharField())
    figures = ReportFigureSerializer(many=True)
    tables = ReportTableSerializer(many=True)
    charts = ReportChartSerializer(many=True)


class ReportListItemSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()


class ReportListView(APIView):
    required_action = VIEW

    @extend_schema(
        tags=[TAG],
        summary=_("The reports"),
        responses=ReportListItemSerializer(many=True),
    )
    def get(self, request):
        return Response(
            [{"name": name, "title": str(title)} for name, (title, _b) in selectors.REPORTS.items()]
        )


class ReportView(APIView):
    required_action = VIEW

    @extend_schema(
        tags=[TAG],
        summary=_("One report's figures, tables and charts"),
        parameters=[ReportQuery],
        responses=ReportSerializer,
    )
    def get(self, request, name):
        if name not in selectors.REPORTS:
            raise Http404
        query = read_query(ReportQuery, request)
        as_of = query.get("as_of") or business_date()
        from_year = query.get("from_year") or BASE_YEAR
        if "from_year" in query and from_year > as_of.year:
            raise ValidationError(
                {
                    "from_year": [
                        _("The base year is after the year of the report date (%(day)s).")
                        % {"day": f"{as_of:%d/%m/%Y}"}
                    ]
                }
            )
        unit = None
        if "unit" in query:
            unit = selectors.report_units_for(request.user).filter(pk=query["unit"]).first()
            if unit is None:
                raise outside("unit", query["unit"])
        report = selectors.report_for(request.user, name, as_of, from_year, unit)
        data = report.as_json()
        data["title"] = str(data["title"])
        return Response(ReportSerializer(data).data)
