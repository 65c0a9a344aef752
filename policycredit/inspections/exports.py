"""The year's summary of group grades at inspection as a workbook (every text cell through
`common.excel`, which keeps a typed name from running as a formula)."""

from django.utils.translation import gettext as _

from policycredit.common import excel
from policycredit.inspections.models import Grade


def totals(rows) -> list[int]:
    """[groups, inspected, each grade…] over all rows."""
    return [
        sum(r.groups for r in rows),
        sum(r.inspected for r in rows),
        *[sum(r.by_grade[g] for r in rows) for g in Grade],
    ]


def summary_workbook(rows, year: int):
    headers = [
        _("organisation"),
        _("ward"),
        _("groups"),
        _("inspected"),
        *[str(label) for label in Grade.labels],
    ]
    body = [
        [r.organisation, r.ward, r.groups, r.inspected, *[r.by_grade[g] for g in Grade]]
        for r in rows
    ]
    return excel.workbook(
        _("Group grades at inspection (16/TD) in %(year)s") % {"year": year},
        headers,
        body,
        total=[_("Total"), "", *totals(rows)],
        sheet_name=f"16TD {year}",
    )
