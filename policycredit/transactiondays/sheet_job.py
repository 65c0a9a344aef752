"""Every group's collection sheet at a point as one PDF, made by the worker: a point of forty
groups took the web request 5–9 s, nearly all of it laying out the pages. Each group is laid
out on its own (a group starts a new page in print anyway), which lets the page say how many
groups are done, and the pages are joined into one file written aside and renamed when
complete. The figures are the screen's: `selectors.point_sheets`, read as the starter."""

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policycredit.jobs import files
from policycredit.jobs.kinds import Kind, Refused, Result
from policycredit.transactiondays import selectors
from policycredit.transactiondays.documents import (
    SHEETS_JOB,
    point_sheets_filename,
    point_summary,
    sheet_rows,
)
from policycredit.transactiondays.models import TransactionDay


def _day(user, parameters) -> TransactionDay | None:
    day_id = parameters.get("day")
    return selectors.days_for(user).filter(pk=day_id).first() if day_id else None


def check(actor, parameters) -> None:
    """A day the starter does not see is refused like a missing one."""
    if _day(actor, parameters) is None:
        raise PermissionDenied


def run(job, progress) -> Result:
    # WeasyPrint is heavy and only the printed pages need it: imported when one is made.
    from weasyprint import HTML

    day = _day(job.actor, job.parameters)
    if day is None:  # the starter's scope changed since
        raise Refused(_("You no longer see this transaction day."))
    sheets = selectors.point_sheets(job.actor, day.point, day.date)
    progress(0, len(sheets))
    title = _("Collection sheet")
    documents = []
    for done, sheet in enumerate(sheets, 1):
        context = {"day": day, "documents": [(sheet, sheet_rows(sheet))], "title": title}
        html = render_to_string("transactiondays/sheet_print.html", context)
        documents.append(HTML(string=html).render())
        progress(done, len(sheets))
    # The point's total on a page of its own (also for a point with no group yet: it says so).
    html = render_to_string(
        "transactiondays/sheet_print.html",
        {"day": day, "title": title, "summary": point_summary(sheets)},
    )
    documents.append(HTML(string=html).render())
    path = files.result_path(job.pk, ".pdf")
    with files.writing(path) as part:
        pages = [page for document in documents for page in document.pages]
        documents[0].copy(pages).write_pdf(part)
    return Result(
        path=path,
        download_name=f"{point_sheets_filename(day)}.pdf",
        content_type="application/pdf",
    )


def describe(job) -> str:
    day = TransactionDay.objects.filter(pk=job.parameters.get("day")).first()
    if day is None:
        return str(KIND.label)
    return _("Collection sheets of %(day)s (PDF)") % {"day": day}


def back(job) -> str:
    return reverse("transactiondays:day", args=[job.parameters["day"]])


KIND = Kind(
    name=SHEETS_JOB,
    label=gettext_lazy("Collection sheets of every group (PDF)"),
    action="day.view",
    run=run,
    check=check,
    describe=describe,
    back=back,
    counted=gettext_lazy("groups laid out"),
)
