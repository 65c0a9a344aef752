"""The Directive 40 review's PDF and Excel at a scope larger than one office, made by the worker.

Where the time goes is the file, not the figures: the review of the whole bank is computed in
about 2 s from the month-end rollup, but its tables by ward run to some ten thousand rows, which
WeasyPrint lays out page by page for minutes and openpyxl writes cell by cell. One office's
review (fifteen wards or so) is a few pages and stays immediate on the report's page; a review
of several offices (a province, the whole bank, a user who sees everything) goes to the worker
and its page offers the file. The decision needs only the selection, not the review.
"""

import datetime
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policycredit.common.excel import XLSX
from policycredit.geo.models import AdminUnit
from policycredit.jobs import files
from policycredit.jobs.kinds import Kind, Result
from policycredit.reporting import documents, exports
from policycredit.reporting.selection import selection_for
from policycredit.reporting.selectors import REPORTS, report_for, report_units_for

NAME = "report_file"
IN_BACKGROUND = {"directive40"}
FORMATS = {"pdf": "application/pdf", "xlsx": XLSX, "docx": documents.DOCX}
BUILT_IN = ("xlsx", "pdf")  # every report's; others are a document's (`documents`)


def formats_of(name: str) -> tuple[str, ...]:
    return (*BUILT_IN, *(f for f in documents.formats(name) if f not in BUILT_IN))


def in_background(user, name: str, as_of: datetime.date, unit: AdminUnit | None) -> bool:
    """Whether this report's file is the worker's: more than one office's review."""
    if name not in IN_BACKGROUND:
        return False
    selection = selection_for(user, unit, as_of)
    if selection.everything:
        return True
    return selection.by_office and len(selection.office_ids or ()) > 1


def parameters(name, as_of: datetime.date, from_year: int, unit, file_format: str) -> dict:
    return {
        "report": name,
        "as_of": as_of.isoformat(),
        "from_year": from_year,
        "unit": unit.pk if unit else None,
        "format": file_format,
    }


def check(actor, parameters: dict) -> None:
    name = parameters.get("report")
    if name not in REPORTS or parameters.get("format") not in formats_of(name):
        raise ValidationError(_("Choose a report and PDF, Excel or Word."), code="invalid")
    unit = parameters.get("unit")
    if unit and not report_units_for(actor).filter(pk=unit).exists():
        raise PermissionDenied


def run(job, progress) -> Result:
    p = job.parameters
    as_of = datetime.date.fromisoformat(p["as_of"])
    unit = AdminUnit.objects.get(pk=p["unit"]) if p.get("unit") else None
    progress(0, 2)
    document = documents.writer(p["report"], p["format"])
    suffix = f".{p['format']}"
    path = files.result_path(job.pk, suffix)
    if document is not None:
        # The review as the district files it: the document makes its own figures.
        content = document.make(job.actor, as_of, p["from_year"], unit)
        progress(1, 2)
        with files.writing(path) as part, open(part, "wb") as handle:
            handle.write(content)
        return Result(
            path=path,
            download_name=f"{p['report']}-{as_of:%Y%m%d}{suffix}",
            content_type=document.content_type,
        )
    report = report_for(job.actor, p["report"], as_of, p["from_year"], unit)
    progress(1, 2)
    with files.writing(path) as part:
        # Headed by the office of whoever asked, as the same file from the report's page is.
        if p["format"] == "xlsx":
            exports.workbook(report, job.actor).save(part)
        else:
            with open(part, "wb") as handle:
                handle.write(exports.pdf_bytes(report, job.actor))
    return Result(
        path=path,
        download_name=f"{report.name}-{as_of:%Y%m%d}{suffix}",
        content_type=FORMATS[p["format"]],
    )


def describe(job) -> str:
    p = job.parameters
    title = REPORTS[p["report"]][0] if p.get("report") in REPORTS else KIND.label
    as_of = datetime.date.fromisoformat(p["as_of"])
    return _("%(report)s as of %(day)s (%(format)s)") % {
        "report": title,
        "day": f"{as_of:%d/%m/%Y}",
        "format": {"xlsx": "Excel", "docx": "Word"}.get(p.get("format"), "PDF"),
    }


def back(job) -> str:
    p = job.parameters
    query = {"as_of": f"{datetime.date.fromisoformat(p['as_of']):%d/%m/%Y}"}
    query["from_year"] = p["from_year"]
    if p.get("unit"):
        query["unit"] = p["unit"]
    return f"{reverse('reporting:report', args=[p['report']])}?{urlencode(query)}"


KIND = Kind(
    name=NAME,
    label=gettext_lazy("A report as a file"),
    action="reports.view",
    run=run,
    check=check,
    describe=describe,
    back=back,
    # Laying out the whole bank's tables is one silent call to WeasyPrint of some minutes.
    stale_after=datetime.timedelta(minutes=15),
)
