"""Across the 2025 reform, the review adds up the right pieces; the month-end rollup gives the
same review as the loans themselves; a new decision changes the review."""

import datetime
from collections import defaultdict

import pytest

from policycredit.accounts.tests.four_eyes import approved
from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.capital.services import save_decision
from policycredit.geo.models import AdminUnit, Office
from policycredit.loans.models import LoanTransaction, Snapshot
from policycredit.loans.models import TransactionKind as K
from policycredit.reporting import directive40, rollup
from policycredit.reporting.portfolio import LiveBook
from policycredit.reporting.selection import Selection
from policycredit.reporting.tests.conftest import REVIEW_DAY

pytestmark = pytest.mark.django_db
NEW_WARDS = ["00256", "00292", "00283", "00082", "00097", "00301", "00322"]


def _outstanding(report):
    return report.table("summary").rows[0][2]


def _new_ward(code):
    return AdminUnit.objects.get(code=code, valid_from=datetime.date(2025, 7, 1))


def test_new_wards_before_the_reform_add_up_to_the_district(district_jobs, user):
    director = user("giamdoc")
    whole = _outstanding(directive40.build(director, REVIEW_DAY, 2023))
    parts = [directive40.build(director, REVIEW_DAY, 2023, _new_ward(c)) for c in NEW_WARDS]
    assert whole > 0
    assert sum(_outstanding(r) for r in parts) == whole
    hai_ba_trung = parts[0]
    assert any("Lê Đại Hành" in n and "01/07/2025" in n for n in hai_ba_trung.notes)
    assert any("1656/NQ-UBTVQH15" in n for n in hai_ba_trung.notes)


def test_the_former_district_after_the_reform_is_its_office(district_jobs, user):
    director = user("giamdoc")
    later = datetime.date(2025, 8, 31)
    district = AdminUnit.objects.get(code="007")
    report = directive40.build(director, later, 2024, district)
    assert _outstanding(report) == _outstanding(directive40.build(director, later, 2024))
    assert any("30/06/2025" in n for n in report.notes)
    # An old ward after the reform is still its own loans, with the wards merged into it.
    nguyen_du = AdminUnit.objects.get(name="Phường Nguyễn Du")
    ward = directive40.build(director, later, 2024, nguyen_du)
    assert any("Bùi Thị Xuân" in n for n in ward.notes)


def test_a_new_decision_changes_the_review(district_jobs, user):
    director = user("giamdoc")
    before = directive40.build(director, REVIEW_DAY, 2014).figure("entrusted").value
    decision = approved(  # entered by the accountant, approved by the director
        save_decision(
            actor=user("ketoan"),
            instance=EntrustmentDecision(
                source=CapitalSource.objects.get(code="NS-HBT"),
                office=Office.objects.get(code="PGD-HBT"),
                number="999/QĐ-UBND",
                date=datetime.date(2023, 9, 1),
                amount=1_500_000_000,
            ),
        ),
        director,
    )
    assert decision.pk
    after = directive40.build(director, REVIEW_DAY, 2014)
    assert after.figure("entrusted").value == before + 1_500_000_000
    assert after.figure("entrusted_growth").value == 73_677_000_000 + 1_500_000_000


def _snapshots(month_ends):
    """Month-end snapshots as the close of day would have taken them on each day (closing's
    own `take` reads the loans' current state, so a test of past months writes them here)."""
    book = LiveBook(Selection(everything=True), month_ends)
    for month_end in month_ends:
        first = month_end.replace(day=1)
        rows = defaultdict(lambda: defaultdict(int))
        households = defaultdict(set)
        for loan_id, figures in book.per_loan(month_end).items():
            loan = book.loans[loan_id]
            key = _key(loan)
            rows[key]["loans"] += 1
            households[key].add(loan["household_id"])
            for m in ("outstanding", "overdue", "frozen"):
                rows[key][m] += figures[m]
        for loan_id, moves in book.moves.items():
            key = _key(book.loans[loan_id])
            for when, kind, principal, interest, lent in moves:
                if first <= when <= month_end:
                    if lent:
                        rows[key]["disbursed_in_month"] += principal
                    elif kind == K.REPAYMENT:
                        rows[key]["collected_in_month"] += principal
                        rows[key]["interest_in_month"] += interest
        Snapshot.objects.bulk_create(
            Snapshot(
                month_end=month_end,
                office_id=k[0],
                ward_id=k[1],
                programme_id=k[2],
                source_id=k[3],
                organisation_id=k[4],
                group_id=k[5],
                borrowers=len(households[k]),
                **v,
            )
            for k, v in rows.items()
        )


def _key(loan):
    return (
        loan["office_id"],
        loan["ward_id"],
        loan["programme_id"],
        loan["source_id"],
        loan["organisation_id"],
        loan["group_id"],
    )


@pytest.mark.parametrize("username", ["giamdoc", "phuong.bachmai"])
def test_the_rollup_gives_the_same_review_as_the_loans(district_jobs, user, username):
    reader = user(username)
    as_of = datetime.date(2023, 12, 31)
    live = directive40.build(reader, as_of, 2023)
    assert LoanTransaction.objects.exists()
    months = [datetime.date(2023, m + 1, 1) - datetime.timedelta(days=1) for m in range(1, 12)]
    months.append(as_of)
    _snapshots(months)
    assert rollup.refresh_pending() == months
    rolled = directive40.build(reader, as_of, 2023)
    assert (rolled.read_from, live.read_from) == ("rollup", "loans")
    for table in live.tables:
        other = rolled.table(table.key)
        if table.key == "summary":  # borrowers are summed per group in the rollup
            assert table.rows[0] == other.rows[0] and table.rows[3:] == other.rows[3:]
            continue
        assert table.rows == other.rows, table.key
        assert table.total == other.total, table.key
