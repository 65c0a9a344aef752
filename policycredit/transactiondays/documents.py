"""What is printed and sent before the transaction day: each group's collection sheet (danh
sách thu lãi, thu nợ gốc và tiền gửi tiết kiệm), the text messages to borrowers, and the public
list posted at the point (danh sách công khai).

Every figure comes from the day's sheets (``selectors.point_sheets``), the same figures the
entry screen starts from, so paper, screen, Excel and messages agree to the đồng. Read-only:
nothing here writes.
"""

import io
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from policycredit.common import excel
from policycredit.common import query as address
from policycredit.common.pages import page
from policycredit.common.pdf import pdf_response
from policycredit.domain.notices import notice_line
from policycredit.jobs import services as job_services
from policycredit.network.selectors import groups_for
from policycredit.transactiondays import selectors
from policycredit.transactiondays.views import _DayView


@dataclass(frozen=True)
class SheetRow:
    """One printed line: a loan, or a member without a loan who may still save. The member's
    number, code and savings sit on the member's first line only, so columns add up."""

    number: int | None
    household_code: str
    name: str
    loan_number: str = ""
    programme: str = ""
    outstanding: int | None = None
    overdue: int | None = None
    principal_due: int | None = None
    interest_due: int | None = None
    savings_due: int | None = None
    total_due: int = 0


def sheet_rows(sheet) -> list[SheetRow]:
    rows = []
    for number, member in enumerate(sheet.members, 1):
        household = member.household
        if not member.loans:
            name = household.head.full_name if household.head_id else ""
            rows.append(
                SheetRow(
                    number,
                    household.code,
                    name,
                    savings_due=member.savings_due,
                    total_due=member.savings_due,
                )
            )
        for i, line in enumerate(member.loans):
            savings = member.savings_due if i == 0 else None
            rows.append(
                SheetRow(
                    number=number if i == 0 else None,
                    household_code=household.code if i == 0 else "",
                    name=line.loan.borrower.full_name,
                    loan_number=line.loan.number,
                    programme=line.loan.programme.code,
                    outstanding=line.outstanding,
                    overdue=line.overdue,
                    principal_due=line.principal_due,
                    interest_due=line.interest_due,
                    savings_due=savings,
                    total_due=line.total_due + (savings or 0),
                )
            )
    return rows


MONEY_COLUMNS = [
    "outstanding",
    "overdue",
    "principal_due",
    "interest_due",
    "savings_due",
    "total_due",
]


def _sheet_headers() -> list[str]:
    return [
        _("No."),
        _("household code"),
        _("borrower"),
        _("contract number"),
        _("programme code"),
        _("outstanding"),
        _("overdue"),
        _("principal due"),
        _("interest due"),
        _("savings due"),
        _("total due"),
        _("signature"),
    ]


def _sheet_cells(row: SheetRow) -> list:
    fixed = [row.number, row.household_code, row.name, row.loan_number, row.programme]
    return fixed + [getattr(row, c) for c in MONEY_COLUMNS] + [""]


def _sheets_workbook(day, documents, *, one_group: bool):
    """One group: its own header above the table. Every group of the point: one table with a
    group column in front, so the teller can filter or sort it; the total is the point's."""
    title = _("COLLECTION SHEET: INTEREST, PRINCIPAL AND SAVINGS")
    notes = _place_notes(day) + [f"{capfirst(_('transaction day'))}: {day.date:%d/%m/%Y}"]
    headers, rows = _sheet_headers(), []
    for sheet, sheet_lines in documents:
        rows += [
            _sheet_cells(r) if one_group else [sheet.group.code, *_sheet_cells(r)]
            for r in sheet_lines
        ]
    totals = [sum(s.totals[c] for s, _rows in documents) for c in MONEY_COLUMNS]
    if one_group:
        group = documents[0][0].group
        notes.append(f"{_('Savings-and-loan group')}: {group.code} {_group_line(group)}")
        total = [_("Total"), "", "", "", "", *totals, ""]
    else:
        notes += [f"{s.group.code}: {_group_line(s.group)}" for s, _rows in documents]
        headers = [_("group code"), *headers]
        total = [_("Total"), "", "", "", "", "", *totals, ""]
    return excel.workbook(title, headers, rows, notes=notes, total=total, sheet_name=day.point.code)


def _place_notes(day) -> list[str]:
    return [
        f"{capfirst(_('office'))}: {day.office.name}",
        f"{capfirst(_('transaction point'))}: {day.point.name}",
    ]


def _group_line(group) -> str:
    leader = group.leader.full_name if group.leader_id else ""
    return f"{group.name} ({group.organisation.name}; {_('Group leader')}: {leader})"


@dataclass(frozen=True)
class PointSummary:
    """The page after the groups' sheets: each group's totals and the point's, so the grand
    total is never read as the last group's subtotal."""

    rows: list
    totals: dict
    borrowers: int


def point_summary(sheets) -> PointSummary:
    return PointSummary(
        rows=list(sheets),
        totals={c: sum(s.totals[c] for s in sheets) for c in MONEY_COLUMNS},
        borrowers=sum(s.borrowers for s in sheets),
    )


def _sheets_response(request, day, sheets, filename, *, one_group: bool):
    documents = [(sheet, sheet_rows(sheet)) for sheet in sheets]
    kind = address.file_format(request, "xlsx", "pdf")
    if kind == "xlsx":
        book = _sheets_workbook(day, documents, one_group=one_group)
        return excel.response(book, f"{filename}.xlsx")
    context = {
        "day": day,
        "documents": documents,
        "one_group": one_group,
        "summary": None if one_group or not sheets else point_summary(sheets),
    }
    if kind == "pdf":
        context["title"] = _("Collection sheet")
        return pdf_response(request, "transactiondays/sheet_print.html", context, filename)
    if one_group:
        title = _("Collection sheet – %(group)s") % {"group": documents[0][0].group}
    else:
        title = _("Collection sheets – %(day)s") % {"day": day}
    return page(request, "transactiondays/sheet.html", context, title=title)


class GroupSheetView(_DayView):
    """One group's collection sheet: the page, ``?format=pdf`` (A4 landscape) or ``xlsx``."""

    def get(self, request, pk, group_id):
        day = self.day(request, pk)
        # A group of another point has no line on this day's sheets: a 404 like any other.
        group = get_object_or_404(
            groups_for(request.user), pk=group_id, transaction_point=day.point
        )
        sheet = selectors.group_sheet(request.user, group, day.date)
        return _sheets_response(
            request, day, [sheet], f"danh-sach-thu-{group.code}-{day.date:%Y%m%d}", one_group=True
        )


# The worker's job that makes the point's PDF (`sheet_job`, registered from the app's ready()).
SHEETS_JOB = "point_sheets"


def point_sheets_filename(day) -> str:
    return f"danh-sach-thu-{day.point.code}-{day.date:%Y%m%d}"


class PointSheetsView(_DayView):
    """Every group of the point, printed before the day: the page, one workbook (quick), and
    one PDF with a page per group, which the worker makes (`sheet_job`): the button posts, the
    person follows the job's page and takes the file from it."""

    def get(self, request, pk):
        day = self.day(request, pk)
        # An old link: the PDF is the worker's now.
        if address.file_format(request, "pdf", "xlsx") == "pdf":
            messages.info(request, _("Every group's PDF is made in the background: press PDF."))
            return redirect("transactiondays:sheets", day.pk)
        sheets = selectors.point_sheets(request.user, day.point, day.date)
        return _sheets_response(request, day, sheets, point_sheets_filename(day), one_group=False)

    def post(self, request, pk):
        day = self.day(request, pk)
        job = job_services.start(actor=request.user, kind=SHEETS_JOB, parameters={"day": day.pk})
        return redirect("jobs:job", job.pk)


# ------------------------------------------------------------------------------- the messages


def notices(day, sheets) -> list[tuple]:
    """(household, name, message) for every member with anything due on the day. Members
    who only save get one too: it reminds them of their savings, and the messages then add
    up to the sheets' totals."""
    lines = []
    for sheet in sheets:
        for member in sheet.members:
            if not member.total_due:
                continue
            household = member.household
            name = household.head.full_name if household.head_id else ""
            if not name and member.loans:
                name = member.loans[0].loan.borrower.full_name
            message = notice_line(
                office=day.office.name,
                point=day.point.name,
                household_code=household.code,
                name=name,
                day=day.date,
                interest=sum(x.interest_due for x in member.loans),
                principal=sum(x.principal_due for x in member.loans),
                savings=member.savings_due,
            )
            lines.append((household, name, message))
    return lines


class NoticesView(_DayView):
    """One SMS per line as plain text, or ``?format=csv`` with the household's phone for a
    bulk-SMS service."""

    def get(self, request, pk):
        day = self.day(request, pk)
        lines = notices(day, selectors.point_sheets(request.user, day.point, day.date))
        if address.file_format(request, "csv"):
            buffer = io.StringIO()
            writer = excel.CsvWriter(buffer)
            writer.writerow([_("phone"), _("household code"), _("full name"), _("message")])
            for household, name, message in lines:
                writer.writerow([household.phone, household.code, name, message])
            reply = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
            filename = f"tin-nhan-{day.point.code}-{day.date:%Y%m%d}.csv"
            reply["Content-Disposition"] = f'attachment; filename="{filename}"'
            return reply
        text = "".join(f"{message}\n" for _household, _name, message in lines)
        return HttpResponse(text, content_type="text/plain; charset=utf-8")


# ---------------------------------------------------------------------------- the public list


def public_rows(sheets) -> list[tuple]:
    """(sheet, member, loan line) for every loan with a balance: what the point posts on its
    wall."""
    return [
        (sheet, member, line)
        for sheet in sheets
        for member in sheet.members
        for line in member.loans
        if line.outstanding
    ]


class PublicListView(_DayView):
    """Danh sách công khai: names and balances, never a citizen-ID number. The page prints;
    ``?format=xlsx`` for Excel."""

    def get(self, request, pk):
        day = self.day(request, pk)
        rows = public_rows(selectors.point_sheets(request.user, day.point, day.date))
        totals = {
            "lent": sum(x.loan.disbursed_total for *_s, x in rows),
            "outstanding": sum(x.outstanding for *_s, x in rows),
            "overdue": sum(x.overdue for *_s, x in rows),
        }
        if address.file_format(request, "xlsx"):
            return excel.response(
                _public_workbook(day, rows, totals),
                f"cong-khai-{day.point.code}-{day.date:%Y%m%d}.xlsx",
            )
        context = {"day": day, "rows": rows, "totals": totals}
        return page(
            request,
            "transactiondays/public.html",
            context,
            title=_("Public list – %(point)s") % {"point": day.point},
        )


def _public_workbook(day, rows, totals):
    headers = [
        _("No."),
        _("household code"),
        _("borrower"),
        _("programme"),
        _("amount lent"),
        _("outstanding"),
        _("overdue"),
        _("next instalment due"),
        _("savings-and-loan group"),
    ]
    cells = [
        [
            n,
            member.household.code,
            x.loan.borrower.full_name,
            x.loan.programme.name,
            x.loan.disbursed_total,
            x.outstanding,
            x.overdue,
            x.next_due,
            sheet.group.name,
        ]
        for n, (sheet, member, x) in enumerate(rows, 1)
    ]
    total = [_("Total"), "", "", "", totals["lent"], totals["outstanding"], totals["overdue"]]
    return excel.workbook(
        _("PUBLIC LIST OF BORROWING HOUSEHOLDS"),
        headers,
        cells,
        notes=[
            *_place_notes(day),
            _("Balances as of %(date)s") % {"date": f"{day.date:%d/%m/%Y}"},
        ],
        total=total,
        sheet_name=day.point.code,
    )
