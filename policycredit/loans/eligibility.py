"""Who may borrow under which programme: the checks made when an application is submitted.

Which poverty status each programme requires is the published rule for each programme
(Decree 78/2002 for the poor, Decision 15/2013 for the near-poor, Decision 28/2015 for the newly
escaped, whose window is three years). Programmes not listed have no poverty condition.
"""

import datetime

from django.utils.translation import gettext as _

from policycredit.borrowers.models import PovertyStatus

REQUIRED_STATUS = {
    "HN": {PovertyStatus.POOR},
    "HCN": {PovertyStatus.NEAR_POOR},
    "HMTN": {PovertyStatus.ESCAPED},
    "HSSV": {PovertyStatus.POOR, PovertyStatus.NEAR_POOR, PovertyStatus.ESCAPED},
}
ESCAPED_WINDOW_YEARS = 3
ADULT_AGE = 18


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def problems(*, programme, household, borrower, on: datetime.date) -> list[str]:
    """Every reason the household cannot borrow under the programme on that day (empty: it can)."""
    found = []
    if borrower.household_id != household.pk:
        found.append(_("The borrower must be a member of the household."))
    if borrower.birth_date and age_on(borrower.birth_date, on) < ADULT_AGE:
        found.append(_("The borrower must be at least 18 years old."))
    required = REQUIRED_STATUS.get(programme.code)
    if required:
        record = household.poverty_records.filter(year__lte=on.year).order_by("-year").first()
        status = record.status if record else None
        if status not in required:
            found.append(
                _(
                    "The programme %(programme)s requires a household that is %(statuses)s "
                    "in %(year)d."
                )
                % {
                    "programme": programme,
                    "statuses": ", ".join(str(PovertyStatus(s).label) for s in sorted(required)),
                    "year": on.year,
                }
            )
        elif status == PovertyStatus.ESCAPED:
            first_escaped = _escaped_since(household, record.year)
            if on.year - first_escaped > ESCAPED_WINDOW_YEARS:
                found.append(
                    _("The household left poverty in %(year)d, more than three years ago.")
                    % {"year": first_escaped}
                )
    return found


def _escaped_since(household, latest_year: int) -> int:
    year = latest_year
    for record in household.poverty_records.filter(year__lte=latest_year).order_by("-year"):
        if record.status != PovertyStatus.ESCAPED:
            break
        year = record.year
    return year
