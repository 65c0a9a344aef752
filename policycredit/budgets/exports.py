"""The statement to the entrusting budget as lines (the page, the PDF) and as a workbook."""

from django.utils.translation import gettext as _

from policycredit.common import excel


def statement_lines(st) -> list[tuple[str, int]]:
    return [
        (_("Capital received to date"), st.received_to_date),
        (_("Capital received in the period"), st.received_in_period),
        (_("Recalled by the budget to date"), st.recalled_to_date),
        (_("Handed to successor budgets to date"), st.handed_over_to_date),
        (_("Received from an abolished budget to date"), st.handed_in_to_date),
        (_("Capital at the end of the period"), st.capital),
        (_("Lent in the period"), st.lent_in_period),
        (_("Repaid in the period"), st.repaid_in_period),
        (_("Outstanding"), st.outstanding),
        (_("of which overdue"), st.overdue),
        (_("of which frozen"), st.frozen),
        (_("Idle (capital less outstanding)"), st.idle),
        (_("Interest earned in the period"), st.interest_earned),
        (_("Borrowers with a balance"), st.borrowers),
        (_("Loans with a balance"), st.loans),
        (_("New jobs from loans of the period"), st.jobs_new),
        (_("Jobs maintained by loans of the period"), st.jobs_maintained),
    ]


def statement_workbook(st):
    return excel.workbook(
        _("Statement of %(source)s at %(office)s, %(start)s – %(end)s")
        % {
            "source": st.source,
            "office": st.office,
            "start": f"{st.start:%d/%m/%Y}",
            "end": f"{st.end:%d/%m/%Y}",
        },
        [_("item"), _("amount / count")],
        [list(line) for line in statement_lines(st)],
        notes=[
            _("Hand-over %(document)s of %(day)s")
            % {"document": h.document, "day": f"{h.date:%d/%m/%Y}"}
            for h in st.handovers
        ],
        sheet_name=st.source.code,
        office=st.office.name,
    )
