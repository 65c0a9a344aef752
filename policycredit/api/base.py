"""What every read endpoint of the API shares: a viewset reading through a scoped selector,
id filters that refuse what is no id, and the query's dates held to the range every screen
accepts (common/dates.py)."""

import datetime

from django import forms
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from policycredit.common.dates import EARLIEST_DAY, latest_day
from policycredit.common.selectors import business_date

# The largest id any table can hold (a 64-bit integer); more is refused as a value, not sent to
# the database to overflow.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    field_class = IdField


class DayRangeField(serializers.DateField):
    """A day in ISO form (yyyy-mm-dd) within the range every screen accepts."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if day < EARLIEST_DAY or day > latest_day():
            raise serializers.ValidationError(
                _("The day must be from %(first)s to %(last)s.")
                % {"first": f"{EARLIEST_DAY:%d/%m/%Y}", "last": f"{latest_day():%d/%m/%Y}"},
                code="day_out_of_range",
            )
        return day


class AsOf(serializers.Serializer):
    as_of = DayRangeField(
        required=False,
        help_text="yyyy-mm-dd; the business date when left out",
    )


def read_query(serializer_class, request) -> dict:
    """The query string read by a serializer: a value that cannot be read is refused (400,
    naming it), never replaced by its default."""
    reader = serializer_class(data=request.query_params)
    reader.is_valid(raise_exception=True)
    return reader.validated_data


class ScopedReadViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and its records, read through ``selector(user)``: a record outside the user's
    area answers 404 like a missing one. ``required_action`` is checked by
    `permissions.RoleAction` before anything is read."""

    selector = None
    required_action: str = ""

    def get_queryset(self):
        return type(self).selector(self.request.user)


def day_or_today(value: datetime.date | None) -> datetime.date:
    return value or business_date()
