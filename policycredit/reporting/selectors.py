"""Every read of the reporting app that reaches a user: the reports by name, the dashboard of
the user's role and the lists behind their figures — all scoped through `selection_for`."""

import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from policycredit.capital.selectors import decisions_for
from policycredit.domain.review import BASE_YEAR
from policycredit.geo.models import AdminUnit
from policycredit.geo.selectors import units_for
from policycredit.loans.selectors import loans_for
from policycredit.reporting import directive40, grading, monthly
from policycredit.reporting.dashboard import build
from policycredit.reporting.portfolio import LiveBook
from policycredit.reporting.selection import selection_for

REPORTS = {
    "directive40": (_("Directive 40 review"), directive40.build),
    "outstanding": (_("Outstanding by programme and ward"), monthly.outstanding),
    "overdue": (_("Overdue loans"), monthly.overdue),
    "turnover": (_("Disbursement and collection turnover"), monthly.turnover),
    "capital-use": (_("Capital use by source"), monthly.capital_use),
    "fees": (_("Entrustment fees and commissions"), monthly.fees),
    "quality": (_("Quality grading of groups, points and organisations"), grading.quality),
}


def register_report(name: str, title, build) -> None:
    """A report of an app above reporting (the credit plan's), added from its `ready()`: the
    list, the report's page with its date and unit, Excel, PDF and the console then offer it
    as their own. ``build(user, as_of, from_year, unit) -> Report``."""
    REPORTS[name] = (title, build)


def report_for(
    user,
    name: str,
    as_of: datetime.date,
    from_year: int | None = None,
    unit: AdminUnit | None = None,
):
    _title, build = REPORTS[name]
    return build(user, as_of, from_year or BASE_YEAR, unit)


def report_units_for(user) -> QuerySet:
    """Units a user may narrow a report to: districts and wards they see, old and new."""
    return (
        units_for(user)
        .filter(level__in=["province", "district", "ward"])
        .order_by("level", "name", "valid_from")
    )


def report_loans_for(
    user,
    *,
    as_of,
    unit=None,
    year=None,
    source=None,
    programme=None,
    kind=None,
    wards=None,
    jobs=False,
    overdue=False,
):
    """The loans behind a figure: what the user may see, in the report's selection."""
    selection = selection_for(user, unit, as_of)
    qs = loans_for(user).filter(selection.loan_q(), first_disbursed_on__lte=as_of)
    if year:
        qs = qs.filter(first_disbursed_on__year=year)
    if source:
        qs = qs.filter(source_id=source)
    if programme:
        qs = qs.filter(programme_id=programme)
    if kind:
        qs = qs.filter(group__organisation__kind=kind)
    if wards:
        qs = qs.filter(group__transaction_point__ward_id__in=wards)
    if jobs:
        qs = qs.filter(Q(jobs_new_planned__gt=0) | Q(jobs_maintained_planned__gt=0))
    if overdue:
        owing = LiveBook(selection, [as_of]).per_loan(as_of)
        qs = qs.filter(id__in=[k for k, v in owing.items() if v["overdue"] > 0])
    return qs.select_related("group__transaction_point__ward").order_by(
        "-first_disbursed_on", "number"
    )


def report_decisions_for(user, *, as_of, unit=None, year=None, source=None, since=None):
    selection = selection_for(user, unit, as_of)
    qs = directive40.decisions_in(user, selection, as_of)
    if year:
        qs = qs.filter(date__year=year)
    if since:
        qs = qs.filter(date__year__gte=since)
    if source:
        qs = qs.filter(source_id=source)
    return qs.order_by("date", "number")


def dashboard_for(user, as_of: datetime.date, from_year: int = BASE_YEAR):
    return build(user, as_of, from_year)


__all__ = ["REPORTS", "decisions_for", "report_for"]
