"""The bank's unpaid interest at the export date is part of the imported loan.

KU-101 (checked by hand): 30,000,000 in term and 10,000,000 overdue at 0.66 %/month (30-day
basis, overdue at 130 %), exported on 31/10/2026 with 1,200,000 in-term and 300,000 overdue
interest unpaid (Lãi tồn TH / QH). A day's interest after the export is 30,000,000 × 0.66 % ÷ 30
= 6,600 in term and 10,000,000 × 0.66 % × 1.3 ÷ 30 = 2,860 overdue: 9,460.
"""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Sum

from policycredit.audit.models import Action, AuditEvent
from policycredit.domain import posting as p
from policycredit.geo.models import TransactionPoint
from policycredit.ledger.checks import check_books
from policycredit.ledger.models import JournalLine
from policycredit.loans import services as loans
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.loans.selectors import loan_state
from policycredit.registers import services
from policycredit.registers.models import Difference
from policycredit.registers.tests.hstd_files import loan, write_xlsx
from policycredit.transactiondays.selectors import point_sheets

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2026, 10, 31)


def ku101(**values):
    return loan(
        **{
            "contract": "KU-101",
            "customer_code": "KH-101",
            "id_number": "001180054321",
            "group_code": "T-HBT-101",
            "group_name": "Tổ TK&VV tổ dân phố 9",
            "point_code": "ĐGD-HBT-101",
            "point_name": "Điểm giao dịch tổ dân phố 9",
            "amount": 40_000_000,
            "overdue": 10_000_000,
            "interest_unpaid": 1_200_000,
            "interest_unpaid_overdue": 300_000,
            **values,
        }
    )


def _import(tmp_path, user, rows, name="hstd.xlsx", as_of="31/10/2026"):
    write_xlsx(tmp_path / name, rows, as_of=as_of)
    return services.import_register(actor=user("ketoan"), path=tmp_path / name)


def _account(kind, loan) -> int:
    return (
        JournalLine.objects.filter(
            account__kind=kind, account__office_id=loan.office_id, account__source=loan.source
        )
        .filter(account__programme=loan.programme)
        .aggregate(total=Sum("amount"))["total"]
        or 0
    )


def test_the_interest_is_on_the_sheet_in_calc_and_a_repayment_clears_it(tmp_path, user):
    _import(tmp_path, user, [ku101()])
    ku = Loan.objects.get(number="KU-101")

    state = loan_state(ku, AS_OF)
    assert (state.interest_due, state.interest_opening_overdue) == (1_500_000, 300_000)
    assert loan_state(ku, AS_OF + datetime.timedelta(days=1)).interest_due == 1_509_460
    out = StringIO()
    call_command("calc", "--loan", "KU-101", "--as-of", "31/10/2026", stdout=out)
    shown = json.loads(out.getvalue())
    assert (shown["interest_due"], shown["interest_opening_overdue"]) == (1_500_000, 300_000)

    point = TransactionPoint.objects.get(code="ĐGD-HBT-101")
    (sheet,) = point_sheets(user("giamdoc"), point, AS_OF)
    (line,) = [x for m in sheet.members for x in m.loans]
    assert (line.interest_due, line.overdue, line.outstanding) == (
        1_500_000,
        10_000_000,
        40_000_000,
    )

    income = _account(p.INTEREST_INCOME, ku)
    overdue_income = _account(p.OVERDUE_INTEREST_INCOME, ku)
    loans.repay(actor=user("giaodich"), loan=ku, on=AS_OF, interest=1_500_000)
    ku.refresh_from_db()
    assert loan_state(ku, AS_OF).interest_due == 0
    assert loan_state(ku, AS_OF + datetime.timedelta(days=1)).interest_due == 9_460
    assert (ku.interest_paid_total, ku.interest_overdue_paid) == (1_500_000, 300_000)
    # Cash basis (no day closed yet): 1,200,000 is interest income, 300,000 overdue interest.
    assert _account(p.INTEREST_INCOME, ku) - income == -1_200_000
    assert _account(p.OVERDUE_INTEREST_INCOME, ku) - overdue_income == -300_000
    report = check_books()
    assert report.ok, report.differences


def test_once_interest_is_accrued_the_import_books_it_as_receivable(tmp_path, user):
    from policycredit.closing import services as closing

    closing.start_at(day=AS_OF)
    closing.close_day()  # the first close (the opening accrual), 31/10: today is 01/11
    _import(tmp_path, user, [ku101()])
    ku = Loan.objects.get(number="KU-101")
    receivable = _account(p.INTEREST_RECEIVABLE, ku)
    # Booked: the bank's 1,500,000 and the day 31/10 the close did without this loan: what the
    # engine says is due on 01/11.
    assert receivable - _booked_before(ku) == 1_509_460
    assert loan_state(ku, D(2026, 11, 1)).interest_due == 1_509_460
    loans.repay(actor=user("giaodich"), loan=ku, on=D(2026, 11, 1), interest=1_509_460)
    # Accrual basis: the collection settles the receivable.
    assert _account(p.INTEREST_RECEIVABLE, ku) == receivable - 1_509_460
    report = check_books()
    assert report.ok, report.differences


def _booked_before(ku) -> int:
    """The receivable of the same account from other loans (the demo's), by the closes."""
    return (
        JournalLine.objects.filter(
            account__kind=p.INTEREST_RECEIVABLE,
            account__office_id=ku.office_id,
            account__source=ku.source,
            account__programme=ku.programme,
        )
        .exclude(entry__memo__startswith="Lãi tồn đầu kỳ theo HSTD")
        .aggregate(total=Sum("amount"))["total"]
        or 0
    )


def test_a_newer_export_with_the_same_interest_shows_no_difference(tmp_path, user):
    """The bank's November figure = October's + what accrued since: no false difference."""
    _import(tmp_path, user, [ku101()])
    days = (D(2026, 11, 20) - AS_OF).days
    newer = ku101()
    newer["interest_unpaid"] = 1_200_000 + days * 6_600
    newer["interest_unpaid_overdue"] = 300_000 + days * 2_860
    _import(tmp_path, user, [newer], name="nov.xlsx", as_of="20/11/2026")
    assert not Difference.objects.filter(contract="KU-101").exists()


def test_the_opening_position_cannot_be_reversed(tmp_path, user):
    _import(tmp_path, user, [ku101()])
    opening = LoanTransaction.objects.get(loan__number="KU-101", kind="disbursement")
    with pytest.raises(ValidationError) as error:
        loans.reverse(actor=user("ketoan"), transaction_to_reverse=opening, reason="sai")
    assert error.value.code == "opening_not_reversible"


def test_a_loan_with_no_unpaid_interest_owes_none_on_the_export_date(tmp_path, user):
    # The bank's nothing stands for every day before 31/10: the engine does not count the
    # evening the loan was opened (30/10) again; the first day's interest is 31/10's, 9,460.
    _import(tmp_path, user, [ku101(interest_unpaid=0, interest_unpaid_overdue=0)])
    ku = Loan.objects.get(number="KU-101")
    assert loan_state(ku, AS_OF).interest_due == 0
    assert loan_state(ku, AS_OF + datetime.timedelta(days=1)).interest_due == 9_460
    opened = LoanTransaction.objects.get(loan=ku, kind="disbursement")
    assert opened.details["opening_interest"] == {
        "from": "2026-10-31",
        "in_term": 0,
        "overdue": 0,
    }


def test_the_import_leaves_an_audit_trail_of_the_loans_it_opened(tmp_path, user):
    outcome = _import(
        tmp_path,
        user,
        [ku101(), ku101(contract="KU-102", customer_code="KH-102", id_number="001180054322")],
    )
    (event,) = AuditEvent.objects.filter(action=Action.LOANS_OPENED)
    assert event.object_id == str(outcome.run_id)
    assert event.new["loans"] == 2
    assert event.new["principal"] == 80_000_000
