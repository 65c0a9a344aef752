"""The year's supervision as a workbook (every text cell through `common.excel`, which keeps a
typed name from running as a formula): checks planned and done by checker, then findings by
kind with the resolved, open and overdue counts."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from policycredit.common import excel


def summary_workbook(summary):
    title = _("Supervision in %(year)s, as of %(day)s") % {
        "year": summary.year,
        "day": f"{summary.as_of:%d/%m/%Y}",
    }
    book = excel.workbook(
        title,
        [_("checker"), _("planned"), _("planned and done"), _("done off the plan"), _("done")],
        [[r.label, r.planned, r.done_planned, r.unplanned, r.done] for r in summary.rows],
        total=[
            _("Total"),
            summary.checks_planned,
            summary.planned_done,
            summary.checks_done - summary.planned_done,
            summary.checks_done,
        ],
        sheet_name=_("Checks"),
    )
    excel.add_sheet(
        book,
        _("Findings in %(year)s") % {"year": summary.year},
        [_("kind of finding"), pgettext("supervision", "findings")],
        [[label, count] for label, count in summary.findings],
        notes=[
            _("Resolved: %(n)s") % {"n": summary.findings_resolved},
            _("Open: %(n)s, of which overdue: %(o)s")
            % {"n": summary.findings_open, "o": summary.findings_overdue},
        ],
        total=[_("Total"), summary.findings_total],
        sheet_name=pgettext("supervision", "Findings"),
    )
    return book
