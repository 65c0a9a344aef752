"""The HSTD register and the monthly telegram on a small portfolio worked out by hand
(see ``export_portfolio``): the figures, the engine's agreement, and the books' agreement."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from policycredit.common.selectors import business_date
from policycredit.domain import posting as p
from policycredit.domain.overdue_interest import unpaid_interest
from policycredit.geo.models import Office
from policycredit.ledger.selectors import balance
from policycredit.loans.models import Snapshot
from policycredit.loans.selectors import loan_state
from policycredit.registers import export_selectors as reads
from policycredit.registers import telegram
from policycredit.registers.exports import write_hstd
from policycredit.registers.tests import export_portfolio

D = datetime.date
APRIL_END = export_portfolio.APRIL_END


@pytest.fixture
def portfolio(db):
    return export_portfolio.build()


def register(as_of, offices=None):
    """The register as the bank would open it: header names → values, one dict per loan."""
    offices = offices if offices is not None else reads.offices_for_export()
    target = io.BytesIO()
    totals = write_hstd(target, reads.loans_on(offices, as_of), as_of)
    target.seek(0)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][0] == f"HỒ SƠ TÍN DỤNG ngày {as_of:%d/%m/%Y}"
    header = rows[2]
    return totals, {
        r[header.index("Số khế ước")]: dict(zip(header, r, strict=True)) for r in rows[3:]
    }


def test_register_rows_are_the_hand_worked_figures(portfolio):
    totals, rows = register(APRIL_END)
    assert set(rows) == {
        portfolio.a.number,
        portfolio.b.number,
        portfolio.c.number,
        portfolio.d.number,
    }
    a = rows[portfolio.a.number]
    # 61 days × 22,000 in term to 16/03, then 45 days of 75 M in term (16,500 a day) and of
    # 25 M overdue at 0.858 %/month (7,150 a day); 682,000 paid on 15/02.
    assert (a["Dư nợ trong hạn"], a["Dư nợ quá hạn"], a["Dư nợ khoanh"]) == (
        75_000_000,
        25_000_000,
        0,
    )
    assert a["Tổng dư nợ"] == 100_000_000
    assert (a["Lãi tồn TH"], a["Lãi tồn QH"]) == (1_342_000 + 742_500 - 682_000, 321_750)
    assert a["Lãi đã trả"] == 682_000
    assert a["Tình trạng món vay"] == "Quá hạn"
    assert a["Mã CT"] == "GQVL" and a["Nguồn vốn"] == "2" and a["Mã nhà đầu tư"] == "NS-HBT"
    assert a["Ngày vay"].date() == D(2024, 1, 15)
    assert a["Ngày ĐH theo hợp đồng"].date() == D(2026, 1, 15)
    b = rows[portfolio.b.number]
    assert (b["Tổng dư nợ"], b["Gốc đã trả"], b["Lãi tồn TH"], b["Lãi tồn QH"]) == (
        60_000_000,
        40_000_000,
        15 * 13_200,
        0,
    )
    assert rows[portfolio.c.number]["Lãi tồn TH"] == 20 * 11_000
    d = rows[portfolio.d.number]
    assert (d["Dư nợ khoanh"], d["Lãi tồn TH"], d["Tình trạng món vay"]) == (
        30_000_000,
        77 * 6_600,
        "Khoanh",
    )
    assert d["Ngày hết hạn Khoanh"].date() == D(2025, 4, 1)
    assert totals.rows == 4
    assert totals.total("outstanding") == 240_000_000


def test_register_numbers_are_numbers_and_headers_vietnamese(portfolio):
    target = io.BytesIO()
    write_hstd(target, reads.loans_on(reads.offices_for_export(), APRIL_END), APRIL_END)
    target.seek(0)
    sheet = load_workbook(target).active
    header = [c.value for c in sheet[3]]
    assert header[:2] == ["Mã PGD", "Tên PGD"]
    assert {"Số khế ước", "Dư nợ quá hạn", "Lãi tồn TH", "Lãi tồn QH", "Số CCCD"} <= set(header)
    money = sheet.cell(row=4, column=header.index("Tổng dư nợ") + 1)
    assert isinstance(money.value, int) and money.number_format == "#,##0"
    day = sheet.cell(row=4, column=header.index("Ngày vay") + 1)
    assert isinstance(day.value, datetime.datetime) and day.number_format == "dd/mm/yyyy"
    rate = sheet.cell(row=4, column=header.index("Lãi suất") + 1)
    assert float(rate.value) == 0.66  # a number Excel can sum, not text


def test_each_row_is_what_the_calculator_says(portfolio):
    """Every row agrees with `policycredit calc --loan … --as-of` on the same day."""
    for as_of in (D(2024, 3, 20), APRIL_END, business_date()):
        _totals, rows = register(as_of)
        for loan in (portfolio.a, portfolio.b, portfolio.c, portfolio.d):
            if loan.first_disbursed_on > as_of:
                assert loan.number not in rows
                continue
            state = loan_state(loan, as_of)
            row = rows[loan.number]
            assert row["Tổng dư nợ"] == state.principal_outstanding
            assert row["Dư nợ quá hạn"] == state.principal_overdue
            assert row["Dư nợ khoanh"] == state.principal_frozen
            assert row["Lãi tồn TH"] + row["Lãi tồn QH"] == state.interest_due


def test_unpaid_interest_split_adds_up_once_overdue_interest_is_paid(portfolio):
    from policycredit.common.selectors import replaying
    from policycredit.loans import services as loans
    from policycredit.loans.selectors import history_of

    teller = portfolio.office.user_set.get(username="giaodich")
    due = loan_state(portfolio.a, D(2024, 4, 15)).interest_due
    with replaying(D(2024, 4, 15)):
        loans.repay(actor=teller, loan=portfolio.a, on=D(2024, 4, 15), interest=due)
    state = loan_state(portfolio.a, APRIL_END)
    in_term, overdue = unpaid_interest(history_of(portfolio.a), state)
    # After paying everything due on 15/04, 15 more days: 75 M in term, 25 M overdue.
    assert (in_term, overdue) == (15 * 16_500, 15 * 7_150)


def test_register_totals_equal_the_books(portfolio):
    """At a past date the loan accounts hold each office × source × programme's principal; at
    the date the loans were last derived, each class too."""
    for as_of in (D(2024, 3, 31), APRIL_END):
        totals, rows = register(as_of)
        assert totals.total("outstanding") == balance(
            office_id=portfolio.office.pk, kinds=p.LOAN_CLASSES, as_of=as_of
        )
    from policycredit.loans import services as loans
    from policycredit.loans.models import Loan

    today = business_date()
    loans.refresh_states(list(Loan.objects.all()), today)
    totals, rows = register(today)
    office = totals.by_office[portfolio.office.code]
    for kind, key in zip(
        p.LOAN_CLASSES, ("principal_in_term", "principal_overdue", "principal_frozen"), strict=True
    ):
        assert office[key] == balance(office_id=portfolio.office.pk, kinds=[kind]), kind


def test_telegram_for_april_is_the_hand_worked_figures(portfolio):
    rows = telegram.telegram(reads.offices_for_export(), D(2024, 4, 1), business_date())
    (row,) = [r for r in rows if r.office_code == portfolio.office.code]
    assert row.cells()[2:] == [
        240_000_000,  # Dư nợ: 100 + 60 + 50 + 30 M
        50_000_000,  # DS Cho vay: C on 10/04
        40_000_000,  # DS Thu nợ: B on 15/04
        25_000_000,  # NQH: A's first instalment
        30_000_000,  # Khoanh: D
        1_724_250 + 198_000 + 220_000 + 508_200,  # Lãi tồn
    ]
    assert not row.from_snapshot
    # The books agree: loan accounts at the month's end, and the month's turnover on them.
    assert row.outstanding == balance(
        office_id=portfolio.office.pk, kinds=p.LOAN_CLASSES, as_of=APRIL_END
    )
    totals, _rows = register(APRIL_END)
    office = totals.by_office[portfolio.office.code]
    assert row.interest_unpaid == office["interest_unpaid"] + office["interest_unpaid_overdue"]
    assert row.overdue == office["principal_overdue"]


def test_telegram_turnover_equals_the_books_movements(portfolio):
    march = telegram.telegram(reads.offices_for_export(), D(2024, 3, 1), business_date())
    april = telegram.telegram(reads.offices_for_export(), D(2024, 4, 1), business_date())
    (m,) = [r for r in march if r.office_code == portfolio.office.code]
    (a,) = [r for r in april if r.office_code == portfolio.office.code]
    moved = balance(office_id=portfolio.office.pk, kinds=p.LOAN_CLASSES, as_of=APRIL_END) - balance(
        office_id=portfolio.office.pk, kinds=p.LOAN_CLASSES, as_of=D(2024, 3, 31)
    )
    assert a.lent - a.collected == moved == a.outstanding - m.outstanding
    assert (m.lent, m.collected) == (0, 0)


def test_telegram_reads_the_month_end_snapshot_where_there_is_one(portfolio):
    """A closed month says what its snapshot says (balances and turnover); unpaid interest,
    which the snapshot does not keep, is the engine's."""
    office = portfolio.office
    Snapshot.objects.create(
        month_end=APRIL_END,
        office=office,
        programme=portfolio.a.programme,
        source=portfolio.a.source,
        outstanding=111,
        overdue=22,
        frozen=33,
        disbursed_in_month=44,
        collected_in_month=55,
    )
    rows = telegram.telegram(reads.offices_for_export(), D(2024, 4, 1), business_date())
    (row,) = [r for r in rows if r.office_code == office.code]
    assert row.from_snapshot
    assert row.cells()[2:] == [111, 44, 55, 22, 33, 2_650_450]


def test_telegram_for_the_running_month_stands_at_today_and_refuses_a_future_month(db):
    today = D(2024, 5, 20)
    assert telegram.period(D(2024, 5, 1), today) == (D(2024, 5, 1), today)
    assert telegram.period(D(2024, 4, 1), today) == (D(2024, 4, 1), APRIL_END)
    with pytest.raises(telegram.MonthNotOver):
        telegram.period(D(2024, 6, 1), today)
    assert telegram.parse_month("2024-02") == telegram.parse_month("02/2024") == D(2024, 2, 1)


def test_every_office_in_scope_has_a_line_even_without_loans(portfolio):
    Office.objects.create(code="PGD-TEST", name="PGD thử", area=portfolio.office.area)
    rows = telegram.telegram(reads.offices_for_export(), D(2024, 4, 1), business_date())
    empty = [r for r in rows if r.office_code == "PGD-TEST"]
    assert [r.cells()[2:] for r in empty] == [[0, 0, 0, 0, 0, 0]]


def test_a_loan_opened_from_the_banks_register_keeps_the_banks_past(portfolio):
    """Export, import, export: on the register's date a loan opened from the bank's file says
    what the bank said (interest split, totals, dates); later, PolicyCredit's own movements
    add to it."""
    from policycredit.loans.selectors import history_of
    from policycredit.registers.export_interest import as_the_bank_had_it

    bank = {
        "opening_as_of": APRIL_END,
        "opening_interest": 1_000_000 + 300_000,
        "as_of": APRIL_END,
        "interest_unpaid": 1_000_000,
        "interest_unpaid_overdue": 300_000,
        "disbursed_total": 150_000_000,
        "principal_repaid": 90_000_000,
        "interest_repaid": 7_000_000,
        "due_date": D(2025, 12, 31),
        "extended_due_date": None,
        "extensions": 1,
        "freeze_expiry": None,
    }
    history = history_of(portfolio.b)
    later = D(2024, 5, 15)
    for day, days in ((APRIL_END, 0), (later, 15)):
        state = loan_state(portfolio.b, day)
        in_term, overdue = unpaid_interest(history, state)
        values = {
            "interest_unpaid": in_term,
            "interest_unpaid_overdue": overdue,
            "disbursed_total": state.disbursed_total,
            "principal_repaid": state.principal_repaid_total,
            "interest_repaid": state.interest_paid_total,
            "due_date": D(2026, 1, 15),
            "extended_due_date": None,
            "extensions": 0,
            "freeze_expiry": None,
        }
        as_the_bank_had_it(values, history, state, bank)
        # 60 M in term accrues 13,200 a day after the register's date.
        assert values["interest_unpaid"] == 1_000_000 + days * 13_200
        assert values["interest_unpaid_overdue"] == 300_000
        assert (values["disbursed_total"], values["principal_repaid"]) == (150_000_000, 90_000_000)
        assert values["interest_repaid"] == 7_000_000
        assert (values["due_date"], values["extensions"]) == (D(2025, 12, 31), 1)
