"""Households that left poverty after borrowing."""

from collections import defaultdict

from django.db.models import Min
from django.utils.translation import gettext as _

from policycredit.borrowers.models import PovertyRecord, PovertyStatus
from policycredit.loans.models import Loan
from policycredit.reporting.report import Table
from policycredit.reporting.selection import Selection


def left_poverty(selection: Selection, years, as_of) -> Table:
    """Households that borrowed and, in a later year, were no longer poor or near-poor."""
    poor = {PovertyStatus.POOR, PovertyStatus.NEAR_POOR}
    # The households that borrowed in the selection and were poor or near-poor one year and
    # not the next, first (the district's other households are most of its records); then
    # when those (few) households first borrowed.
    borrowed = Loan.objects.filter(selection.loan_q(), first_disbursed_on__lte=as_of)
    status = defaultdict(dict)
    for household_id, year, value in PovertyRecord.objects.filter(
        year__gte=years[0] - 1,
        year__lte=as_of.year,
        household_id__in=borrowed.values("household_id"),
    ).values_list("household_id", "year", "status"):
        status[household_id][year] = value
    leaving = [
        h
        for h, by_year in status.items()
        if any(
            by_year.get(y - 1) in poor and y in by_year and by_year[y] not in poor for y in years
        )
    ]
    first_loan = dict(
        borrowed.filter(household_id__in=leaving)
        .values("household_id")
        .annotate(first=Min("first_disbursed_on"))
        .order_by()
        .values_list("household_id", "first")
    )
    status = {h: status[h] for h in first_loan}
    counts = defaultdict(int)
    for household_id, by_year in status.items():
        for year in years:
            if (
                by_year.get(year - 1) in poor
                and by_year.get(year) not in poor
                and year in by_year
                and first_loan[household_id].year < year
            ):
                counts[year] += 1
    rows = [[str(y), counts.get(y, 0)] for y in years]
    return Table(
        _("Households that left poverty after borrowing"),
        [_("year"), _("households")],
        rows,
        [_("Total"), sum(r[1] for r in rows)],
        key="left_poverty",
    )
