"""Loans lent forty days before the first close, then frozen and written off (before it, or
after the first few closes): after the closes the interest receivable in the books is the
engine's interest due, account by account, and the deep check and the books' check both pass.

Until the first close the books are on the cash basis: interest is income when collected. The
first close (`steps.opening`) puts what the loans then owe in interest into the receivable,
and from there the close accrues it day by day. Forty days of interest are owed on each loan
below by then, and the engine keeps them owed after a freeze (frozen debt accrues nothing from
the freeze on, but what accrued before stays due) and after a write-off of the principal only
(the interest was not written off: the loan row keeps it as ``interest_left``).

Such a loan is no longer open, yet it still owes: the first close once took in only the open
loans' interest, so a loan written off or repaid in principal before it left its interest out
of the receivable for good (the deep check named the account; `ledger check`, which compares
the books with the rows, could not see it). The first close now takes in every loan that owes.
"""

import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.accounts.tests.four_eyes import decided
from policycredit.capital.models import CapitalSource
from policycredit.closing import services
from policycredit.common.selectors import replaying
from policycredit.domain import posting as p
from policycredit.domain.loan import Instalment, state_at
from policycredit.ledger.checks import check_books
from policycredit.ledger.selectors import balance
from policycredit.loans import services as loans_services
from policycredit.loans.models import Loan
from policycredit.loans.proof import deep_check
from policycredit.loans.selectors import histories_of
from policycredit.network.models import Membership
from policycredit.programmes.models import Programme

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)
FIRST_CLOSE = D(2025, 3, 1)
LENT = FIRST_CLOSE - 40 * DAY
AMOUNT = 20_000_000


def _lent_forty_days_before(programme_source: list[tuple[str, str]]) -> list[Loan]:
    """One loan per (programme, source), each in an account of its own, so the books'
    receivable of the account is the loan's."""
    members = Membership.objects.filter(left__isnull=True, household__head__isnull=False)
    members = list(members.select_related("household__head", "group").order_by("pk"))
    requests = [
        loans_services.LoanRequest(
            household=member.household,
            borrower=member.household.head,
            programme=Programme.objects.get(code=programme),
            group=member.group,
            amount=AMOUNT,
            term_months=24,
            purpose="Sản xuất",
            applied_on=LENT - 10 * DAY,
            approved_on=LENT - 5 * DAY,
            disbursed_on=LENT,
            source=CapitalSource.objects.get(code=source),
            instalments=(
                Instalment(D(2025, 6, 10), AMOUNT // 2),
                Instalment(D(2026, 12, 10), AMOUNT - AMOUNT // 2),
            ),
            jobs_new_planned=1 if programme == "GQVL" else 0,
        )
        for member, (programme, source) in zip(members, programme_source, strict=False)
    ]
    users = [User.objects.get(username=u) for u in ("tindung", "giamdoc", "giaodich")]
    with replaying(LENT):
        return loans_services.originate_many(
            actor=users[0], approver=users[1], disburser=users[2], requests=requests
        )


def _engine_due(loan: Loan, day: datetime.date) -> int:
    return state_at(histories_of([loan])[loan.pk], day).interest_due


def _receivable(loan: Loan) -> int:
    return balance(
        kinds=[p.INTEREST_RECEIVABLE], source_id=loan.source_id, programme_id=loan.programme_id
    )


def test_a_freeze_and_a_write_off_before_the_first_close_keep_the_books_on_the_engine(db):
    plain, frozen, written_off = _lent_forty_days_before(
        [("CHPT", "TW"), ("GQVL", "NS-HBT"), ("NSVS", "TW")]
    )
    services.start_at(day=FIRST_CLOSE)
    # Forty days on 20,000,000, a month counted as 30 days: at 0.55 %/month (CHPT)
    # 20,000,000 × 0.0055 × 40 / 30 = 146,666.67, at 0.66 % (GQVL) 176,000, at 0.75 % (NSVS)
    # 200,000.
    assert _engine_due(plain, FIRST_CLOSE) == 146_667
    assert _engine_due(frozen, FIRST_CLOSE) == 176_000
    assert _engine_due(written_off, FIRST_CLOSE) == 200_000

    decided(
        loans_services.freeze,
        loan=frozen,
        on=FIRST_CLOSE,
        loss_percent=60,
        months=24,
        decision="120/QĐ-UBND",
    )
    decided(
        loans_services.write_off,
        loan=written_off,
        on=FIRST_CLOSE,
        principal=AMOUNT,
        interest=0,
        decision="121/QĐ-UBND",
    )
    written_off.refresh_from_db()
    assert written_off.status == "written_off"
    assert written_off.interest_left == 200_000  # the principal went; its interest is owed

    services.close_until(until=FIRST_CLOSE + 9 * DAY)
    morning = FIRST_CLOSE + 10 * DAY
    # Ten more days on the plain loan (50 days: 183,333.33), none on the frozen or written-off
    # principal.
    assert _engine_due(plain, morning) == 183_333
    assert _engine_due(frozen, morning) == 176_000
    assert _engine_due(written_off, morning) == 200_000
    for loan in (plain, frozen, written_off):
        assert _receivable(loan) == _engine_due(loan, morning), loan.number
    assert Loan.objects.get(pk=written_off.pk).interest_left == 200_000
    _books_and_deep_check_hold()

    # The household pays the interest left: the receivable is cleared, not driven below zero.
    decided(
        loans_services.repay, proposer="giaodich", loan=written_off, on=morning, interest=200_000
    )
    assert _receivable(written_off) == 0 == Loan.objects.get(pk=written_off.pk).interest_left
    services.close_day()
    _books_and_deep_check_hold()


def test_a_freeze_and_a_write_off_after_the_first_closes_keep_the_books_on_the_engine(db):
    """The same loans, the measures taken on the fourth business date: the first close took
    in their forty days, the close accrued three more, the freeze and the write-off stop it."""
    plain, frozen, written_off = _lent_forty_days_before(
        [("CHPT", "TW"), ("GQVL", "NS-HBT"), ("NSVS", "TW")]
    )
    services.start_at(day=FIRST_CLOSE)
    services.close_until(until=FIRST_CLOSE + 2 * DAY)
    measured = FIRST_CLOSE + 3 * DAY
    decided(
        loans_services.freeze,
        loan=frozen,
        on=measured,
        loss_percent=60,
        months=24,
        decision="120/QĐ-UBND",
    )
    decided(
        loans_services.write_off,
        loan=written_off,
        on=measured,
        principal=AMOUNT,
        interest=0,
        decision="121/QĐ-UBND",
    )
    services.close_until(until=FIRST_CLOSE + 9 * DAY)
    morning = FIRST_CLOSE + 10 * DAY
    # Forty-three days: 20,000,000 × 0.0066 × 43 / 30 = 189,200 and × 0.0075 … = 215,000.
    assert _engine_due(plain, morning) == 183_333
    assert _engine_due(frozen, morning) == 189_200
    assert _engine_due(written_off, morning) == 215_000
    assert Loan.objects.get(pk=written_off.pk).interest_left == 215_000
    for loan in (plain, frozen, written_off):
        assert _receivable(loan) == _engine_due(loan, morning), loan.number
    _books_and_deep_check_hold()


def test_a_loan_repaid_in_principal_before_the_first_close_keeps_its_interest_owed(db):
    """The same for a loan whose principal was repaid before the first close and its interest
    not: closed as settled, its forty days of interest are still the engine's interest due."""
    (settled,) = _lent_forty_days_before([("NSVS", "TW")])
    services.start_at(day=FIRST_CLOSE)
    decided(
        loans_services.repay, proposer="giaodich", loan=settled, on=FIRST_CLOSE, principal=AMOUNT
    )
    settled.refresh_from_db()
    assert (settled.status, settled.interest_left) == ("settled", 200_000)
    services.close_until(until=FIRST_CLOSE + 4 * DAY)
    assert _receivable(settled) == _engine_due(settled, FIRST_CLOSE + 5 * DAY) == 200_000
    _books_and_deep_check_hold()


def _books_and_deep_check_hold():
    assert check_books().ok
    report = deep_check()
    assert report.ok, [str(d) for d in report.differences]
