"""The group leader's papers for the meeting before the transaction day.

* What each member owes at the point's next session: phone-sized (the leader carries it to
  the meeting on a phone or on paper), printable, and as a PDF.
* The 13/TD statement of interest and savings collected (bảng kê thu lãi, thu tiết kiệm): the
  members and what they owe prefilled, empty columns for what the leader collects and for the
  members' signatures; it goes to the bank before the day.

Every figure is the collection sheet's for the same group and date (`selectors.leader_sheet`),
so the leader's paper, the teller's sheet and the borrower's text message agree to the đồng.
The leader opens his own group's papers; the office's and the organisation's officers open any
group of their area from the list. Read-only: nothing here writes.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from policycredit.accounts.roles import require_action
from policycredit.common import query as address
from policycredit.common.pages import SignedInView, page
from policycredit.common.pdf import pdf_response
from policycredit.common.selectors import business_date
from policycredit.network.selectors import groups_for
from policycredit.transactiondays import selectors


@dataclass(frozen=True)
class StatementRow:
    """One member of the 13/TD statement: what the leader is to collect from the household."""

    number: int
    household_code: str
    name: str
    outstanding: int
    interest_due: int
    savings_due: int


def member_name(member) -> str:
    household = member.household
    if household.head_id:
        return household.head.full_name
    return member.loans[0].loan.borrower.full_name if member.loans else ""


def statement_rows(sheet) -> list[StatementRow]:
    return [
        StatementRow(
            number=number,
            household_code=member.household.code,
            name=member_name(member),
            outstanding=sum(x.outstanding for x in member.loans),
            interest_due=sum(x.interest_due for x in member.loans),
            savings_due=member.savings_due,
        )
        for number, member in enumerate(sheet.members, 1)
    ]


class _LeaderView(SignedInView):
    """A paper of one group: the leader's own without an id, any group of the user's area
    with one (another group's id is a 404, as a missing one)."""

    document = ""  # the paper's own template, shared by the page and the PDF
    template = ""
    landscape = False  # the PDF's page

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_action(request.user, "leader.papers")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, group_id=None):
        today = business_date()
        if group_id is None:
            own = selectors.leader_papers(request.user, today)
            if own is None:
                return self._choose(request, today)
            group = own.group
        else:
            group = get_object_or_404(groups_for(request.user), pk=group_id)
        sheet = selectors.leader_sheet(request.user, group, today)
        rows = statement_rows(sheet)
        context = {
            "sheet": sheet,
            "group": group,
            "point": group.transaction_point,
            "rows": rows,
            "members": list(zip(sheet.members, rows, strict=True)),
            "document": self.document,
            "landscape": self.landscape,
        }
        if address.file_format(request, "pdf"):
            filename = f"{self.filename}-{group.code}-{sheet.day:%Y%m%d}"
            return pdf_response(request, "transactiondays/leader_print.html", context, filename)
        return page(request, self.template, context, title=self.title(group))

    def _choose(self, request, today):
        """An officer's way in: the groups of the area, each with both papers."""
        groups = groups_for(request.user).filter(closed__isnull=True)
        return page(
            request,
            "transactiondays/leader_groups.html",
            {"groups": groups.order_by("transaction_point__name", "code")},
            title=_("Group leaders' papers for the next transaction day"),
        )


class LeaderSheetView(_LeaderView):
    """What each member owes at the next transaction day: ``?format=pdf`` for the PDF."""

    document = "transactiondays/leader_sheet_document.html"
    template = "transactiondays/leader_sheet.html"
    filename = "phai-thu"

    def title(self, group):
        return _("What each member owes – %(group)s") % {"group": group.name}


class StatementView(_LeaderView):
    """Form 13/TD, prefilled for the next transaction day: ``?format=pdf`` for the PDF."""

    document = "transactiondays/leader_statement_document.html"
    template = "transactiondays/leader_statement.html"
    filename = "13td"
    landscape = True  # nine columns, two of them for handwriting

    def title(self, group):
        return _("Statement of interest and savings collected (13/TD) – %(group)s") % {
            "group": group.name
        }
