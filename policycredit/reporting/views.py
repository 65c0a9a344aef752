"""Report screens: the list of reports, one page per report (a date, a base year and a unit to
choose; Excel and PDF buttons), the dashboard of the user's role and the lists behind its
figures. Every figure comes from the reporting selectors, scoped to the user."""

from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from policycredit.accounts.roles import require_action
from policycredit.common import excel
from policycredit.common import query as address
from policycredit.common.forms import refused
from policycredit.common.pages import SignedInView, page
from policycredit.common.replica import reads_from_replica
from policycredit.common.selectors import business_date
from policycredit.domain.review import BASE_YEAR
from policycredit.network.models import OrganisationKind
from policycredit.reporting import documents, exports, review_files, selectors
from policycredit.reporting.forms import ReportForm
from policycredit.reporting.report import Report, Table


# Figures a second old are as good here: a replica, when there is one, takes these reads.
@method_decorator(reads_from_replica, name="dispatch")
class _ReportsView(SignedInView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_action(request.user, "reports.view")
        try:
            return super().dispatch(request, *args, **kwargs)
        except BadRequest as error:
            return refused(request, str(error))

    def choices(self, request):
        """(as_of, from_year, unit, form) from the query string.

        A choice that cannot be read is refused (400, naming it) rather than replaced by the
        default: a figure as of another day than the one asked for is a wrong answer, and a
        day far ahead (31/12/2999) would have the review replay every month up to it.
        """
        as_of = business_date()
        form = ReportForm(
            request.GET or None,
            units=selectors.report_units_for(request.user),
            initial={"as_of": as_of, "from_year": BASE_YEAR},
        )
        from_year, unit = BASE_YEAR, None
        if form.is_bound and not form.is_valid() and "unit" in form.errors:
            # A unit outside the user's area is refused as such, never read as their own.
            label = form.fields["unit"].label
            raise address.outside(f"{label} (unit)", request.GET.get("unit", ""))
        if form.is_valid():
            as_of = form.cleaned_data["as_of"] or as_of
            from_year = form.cleaned_data["from_year"] or from_year
            unit = form.cleaned_data["unit"]
        # A base year typed after the report's year is refused; the default one is the
        # review's to bring back to the report's year (a report as of 2012).
        if address.read(form).get("from_year") and from_year > as_of.year:
            raise address.bad(
                "from_year",
                from_year,
                _("the base year is after the year of the report date (%(day)s).")
                % {"day": f"{as_of:%d/%m/%Y}"},
            )
        return as_of, from_year, unit, form


def _filename(report: Report) -> str:
    return f"{report.name}-{report.as_of:%Y%m%d}"


class IndexView(_ReportsView):
    def get(self, request):
        reports = [
            (str(title), reverse("reporting:report", args=[name]))
            for name, (title, _b) in selectors.REPORTS.items()
        ]
        return page(request, "reporting/index.html", {"reports": reports}, title=_("Reports"))


class ReportView(_ReportsView):
    def get(self, request, name):
        if name not in selectors.REPORTS:
            raise Http404
        as_of, from_year, unit, form = self.choices(request)
        # A large review's file is the worker's (review_files); an old link comes to the page.
        background = review_files.in_background(request.user, name, as_of, unit)
        kind = address.file_format(request, *review_files.formats_of(name))
        if background and kind:
            query = request.GET.copy()
            query.pop("format")
            return redirect(f"{request.path}?{query.urlencode()}")
        # The review as the district files it (Word, PDF) is a document of its own (`reviews`).
        document = documents.writer(name, kind)
        if document is not None:
            content = document.make(request.user, as_of, from_year, unit)
            disposition = "attachment" if kind == "docx" else "inline"
            return HttpResponse(
                content,
                content_type=document.content_type,
                headers={
                    "Content-Disposition": f'{disposition}; filename="{name}-{as_of:%Y%m%d}'
                    f'{document.suffix}"'
                },
            )
        report = selectors.report_for(request.user, name, as_of, from_year, unit)
        if kind == "xlsx":
            return exports.xlsx_response(report, _filename(report), request.user)
        if kind == "pdf":
            return exports.pdf(request, report, _filename(report))
        query = request.GET.copy()
        query.pop("format", None)
        return page(
            request,
            "reporting/report.html",
            {
                "report": report,
                "form": form,
                "name": name,
                "with_base_year": name == "directive40",
                "query": query.urlencode(),
                "charts": report.charts,
                "background": background,
                "documents": documents.formats(name),
            },
            title=report.title,
        )


class DashboardView(_ReportsView):
    def get(self, request):
        as_of, from_year, _unit, form = self.choices(request)
        board = selectors.dashboard_for(request.user, as_of, from_year)
        return page(
            request,
            "reporting/dashboard.html",
            {**board, "as_of": as_of, "form": form, "charts": board["charts"]},
            title=_("Dashboard as of %(day)s") % {"day": f"{as_of:%d/%m/%Y}"},
        )


_flag = address.flag
_int = address.number


class LoanListView(_ReportsView):
    def get(self, request):
        as_of, _from_year, unit, _form = self.choices(request)
        wards = address.records(request, "wards", selectors.report_units_for(request.user))
        loans = selectors.report_loans_for(
            request.user,
            as_of=as_of,
            unit=unit,
            year=address.year(request, "year"),
            source=_int(request, "source"),
            programme=_int(request, "programme"),
            kind=address.choice(request, "kind", OrganisationKind.values),
            wards=wards or None,
            jobs=_flag(request, "jobs"),
            overdue=_flag(request, "overdue"),
        )
        headers = [
            _("contract number"),
            _("borrower"),
            _("programme"),
            _("capital source"),
            _("ward"),
            _("first disbursement"),
            _("amount approved (đồng)"),
            _("new jobs"),
            _("jobs maintained"),
        ]
        rows = [
            [
                loan.number,
                str(loan.borrower),
                loan.programme.name,
                loan.source.name,
                loan.group.transaction_point.ward.name if loan.group else "",
                loan.first_disbursed_on,
                loan.amount,
                loan.jobs_new_verified
                if loan.jobs_new_verified is not None
                else loan.jobs_new_planned,
                loan.jobs_maintained_verified
                if loan.jobs_maintained_verified is not None
                else loan.jobs_maintained_planned,
            ]
            for loan in loans
        ]
        title = _("Loans behind the figure (%(count)s)") % {"count": len(rows)}
        table = Table(
            title,
            headers,
            rows,
            [
                _("Total"),
                "",
                "",
                "",
                "",
                "",
                sum(r[6] for r in rows),
                sum(r[7] for r in rows),
                sum(r[8] for r in rows),
            ],
            [reverse("loans:loan", args=[loan.pk]) for loan in loans],
            key="loans",
        )
        return self.render(request, table, title, as_of, "danh-sach-khoan-vay")

    def render(self, request, table, title, as_of, filename):
        if address.file_format(request, "xlsx"):
            book = excel.workbook(table.title, table.headers, table.rows, total=table.total)
            return excel.response(book, f"{filename}-{as_of:%Y%m%d}.xlsx")
        query = request.GET.copy()
        query["format"] = "xlsx"
        return page(
            request,
            "reporting/list.html",
            {"table": table, "xlsx": f"?{query.urlencode()}", "as_of": as_of},
            title=title,
        )


class DecisionListView(LoanListView):
    def get(self, request):
        as_of, _from_year, unit, _form = self.choices(request)
        decisions = selectors.report_decisions_for(
            request.user,
            as_of=as_of,
            unit=unit,
            year=address.year(request, "year"),
            source=_int(request, "source"),
            since=address.year(request, "since"),
        )
        rows = [
            [d.number, d.date, d.source.name, d.source.get_level_display(), d.office.name, d.amount]
            for d in decisions.select_related("source", "office")
        ]
        title = _("Entrustment decisions behind the figure (%(count)s)") % {"count": len(rows)}
        table = Table(
            title,
            [
                _("decision number"),
                _("decision date"),
                _("capital source"),
                _("level"),
                _("receiving office"),
                _("amount (đồng)"),
            ],
            rows,
            [_("Total"), "", "", "", "", sum(r[5] for r in rows)],
            [reverse("admin:capital_entrustmentdecision_change", args=[d.pk]) for d in decisions],
            key="decisions",
        )
        return self.render(request, table, title, as_of, "quyet-dinh-uy-thac")
