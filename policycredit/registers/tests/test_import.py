"""Import of the bank's loan register: realistic files in, the loans, books and buckets out.

The export is of 31/10/2026 (today's business date is later). Hand-checked position of the
four loans of `portfolio()`:

* KU-001, poor household, ward 00256 (the new Hai Bà Trưng): 50,000,000 lent, 10,000,000
  repaid, 40,000,000 in term;
* KU-002, ward 00241 (Nguyễn Du, closed on 30/06/2025, went into Hai Bà Trưng): 30,000,000 lent,
  5,000,000 in term and 20,000,000 overdue (5,000,000 repaid), unpaid interest 1.234.567 +
  345.678;
* KU-003, frozen: 20,000,000 frozen until 30/06/2027;
* KU-004, job creation from the district's budget (Nguồn vốn 2, NS-HBT): 100,000,000 in term.

Outstanding 40 + 25 + 20 + 100 = 185,000,000 đồng; in term 145, overdue 20, frozen 20 (millions).
"""

import datetime

import pytest
from django.core.management import call_command

from policycredit.accounts import policy
from policycredit.accounts.models import ActPolicy
from policycredit.closing.models import RateBalance
from policycredit.ledger.checks import check_books
from policycredit.loans import services as loans
from policycredit.loans.models import Loan, LoanStatus
from policycredit.registers import services
from policycredit.registers.models import BankLoan, Difference, ImportRun
from policycredit.registers.tests.hstd_files import loan, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2026, 10, 31)


def portfolio():
    return [
        loan(
            contract="KU-001",
            customer_code="KH-001",
            id_number="001180012345",
            group_code="T-HBT-01",
            group_name="Tổ TK&VV tổ dân phố 3",
            point_code="ĐGD-HBT-1",
            point_name="Điểm giao dịch phường Hai Bà Trưng",
            principal_repaid=10_000_000,
        ),
        loan(
            contract="KU-002",
            customer_code="KH-002",
            customer_name="Trần Văn Bình",
            sex="Nam",
            id_number=123456789,  # a CMND typed into a number cell
            ward_code="00241",
            ward_name="Phường Nguyễn Du",
            amount=30_000_000,
            principal_repaid=5_000_000,
            overdue=20_000_000,
            due_date="15/03/2028",
            interest_unpaid=1_234_567,
            interest_unpaid_overdue=345_678,
            status="Quá hạn",
        ),
        loan(
            contract="KU-003",
            customer_code="KH-003",
            customer_name="Lê Thị Cúc",
            amount=20_000_000,
            frozen=20_000_000,
            freeze_expiry="30/06/2027",
            status="Khoanh",
        ),
        loan(
            contract="KU-004",
            customer_code="KH-004",
            customer_name="Phạm Minh Đức",
            sex="Nam",
            programme_code="GQVL",
            source="2",
            investor_code="NS-HBT",
            investor_name="Ngân sách quận Hai Bà Trưng",
            amount=100_000_000,
            rate=7.92,  # a yearly rate, as some exports quote it
            loan_date="01/08/2026",
            due_date="01/08/2029",
            term_months=36,
        ),
    ]


@pytest.fixture
def ketoan(user):
    return user("ketoan")


def test_realistic_workbook_is_imported_with_its_opening_position(tmp_path, ketoan):
    path = write_xlsx(tmp_path / "hstd.xlsx", portfolio())
    outcome = services.import_register(actor=ketoan, path=path, file_name="hstd.xlsx")

    assert outcome.ok and outcome.as_of == AS_OF  # from the title row
    assert (outcome.rows, outcome.created) == (4, 4)
    assert "STT" in outcome.unknown_headers and "Ghi chú cán bộ" in outcome.unknown_headers
    assert {x.code for x in outcome.notes} == {"ward_mapped"}
    by = {x.number: x for x in Loan.objects.filter(number__startswith="KU-")}
    assert (by["KU-001"].principal_outstanding, by["KU-001"].status) == (40_000_000, "active")
    assert (by["KU-002"].principal_overdue, by["KU-002"].status) == (20_000_000, "overdue")
    assert by["KU-002"].household.ward.code == "00256"  # the old ward's successor
    assert by["KU-002"].borrower.cccd is None  # a CMND is not a citizen-ID number
    assert (by["KU-003"].principal_frozen, by["KU-003"].status) == (20_000_000, "frozen")
    assert by["KU-004"].source.code == "NS-HBT"
    assert str(by["KU-004"].monthly_rate) == "0.6600"
    assert by["KU-001"].group.code == "T-HBT-01"
    assert by["KU-001"].borrower.cccd == "001180012345"
    bank = BankLoan.objects.get(contract="KU-002")
    assert (bank.interest_unpaid, bank.interest_unpaid_overdue) == (1_234_567, 345_678)
    assert BankLoan.objects.get(contract="KU-003").freeze_expiry == D(2027, 6, 30)

    report = check_books()
    assert report.ok, report.differences
    # The engine, replaying each loan's history, finds the same position.
    imported = list(Loan.objects.filter(number__startswith="KU-"))
    before = {x.pk: (x.principal_overdue, x.principal_frozen, x.status) for x in imported}
    loans.refresh_states(imported)
    after = {x.pk: (x.principal_overdue, x.principal_frozen, x.status) for x in imported}
    assert after == before
    assert check_books().ok
    # The close of day accrues on the imported balances.
    office = by["KU-001"].office_id
    in_term = RateBalance.objects.filter(office_id=office, overdue=False)
    overdue = RateBalance.objects.filter(office_id=office, overdue=True)
    assert sum(b.balance for b in in_term) >= 145_000_000
    assert sum(b.balance for b in overdue) >= 20_000_000


def test_later_transactions_continue_from_the_imported_position(tmp_path, ketoan, user):
    write_xlsx(tmp_path / "hstd.xlsx", portfolio())
    services.import_register(actor=ketoan, path=tmp_path / "hstd.xlsx")
    ku2 = Loan.objects.get(number="KU-002")
    loans.repay(actor=user("giaodich"), loan=ku2, on=D(2026, 11, 5), principal=20_000_000)
    ku2.refresh_from_db()
    assert (ku2.principal_overdue, ku2.principal_outstanding) == (0, 5_000_000)
    assert check_books().ok


def test_dry_run_lists_every_problem_by_row_and_column(tmp_path):
    rows = portfolio()
    rows[0]["id_number"] = "0011800123"  # ten digits typed as text
    rows[1]["loan_date"] = "31/02/2025"
    rows[2]["frozen"] = -5_000_000
    rows[3]["programme_code"] = "ZZ"
    rows.append(loan(contract="KU-005", ward_code="99999"))
    rows.append(loan(contract="KU-001"))
    write_xlsx(tmp_path / "bad.xlsx", rows)

    outcome = services.check_register(tmp_path / "bad.xlsx")

    found = {(x.row, x.column, x.code) for x in outcome.blocking}
    assert (5, "Số CMND", "id_length") in found  # data starts on row 5, under the header
    assert (6, "Ngày vay", "not_date") in found
    assert (7, "Dư nợ Khoanh", "negative") in found
    assert (8, "Mã CT", "programme_unknown") in found
    assert (9, "Mã xã", "ward_unknown") in found
    assert (10, "Số khế ước", "duplicate") in found
    assert not Loan.objects.filter(number__startswith="KU-").exists()
    with pytest.raises(services.ImportRefused):
        services.import_register(actor=None or _anyone(), path=tmp_path / "bad.xlsx")
    assert not Loan.objects.filter(number__startswith="KU-").exists()
    assert not ImportRun.objects.exists()


def _anyone():
    from policycredit.accounts.models import User

    return User.objects.get(username="ketoan")


def test_csv_with_english_separators(tmp_path, ketoan):
    write_csv(tmp_path / "hstd.csv", portfolio(), mark=",")
    outcome = services.import_register(actor=ketoan, path=tmp_path / "hstd.csv", as_of=AS_OF)
    assert outcome.ok and outcome.created == 4
    assert Loan.objects.get(number="KU-004").principal_outstanding == 100_000_000


def test_newer_export_updates_settles_and_lists_differences(tmp_path, ketoan):
    write_xlsx(tmp_path / "oct.xlsx", portfolio())
    services.import_register(actor=ketoan, path=tmp_path / "oct.xlsx")
    newer = portfolio()
    newer[0]["customer_name"] = "Nguyễn Thị Lan Anh"
    newer[0]["principal_repaid"] = 12_000_000  # the bank collected 2,000,000 we did not
    newer[0]["in_term"] = newer[0]["outstanding"] = 38_000_000
    del newer[2]  # KU-003 is gone: settled at the bank
    write_xlsx(tmp_path / "nov.xlsx", newer, as_of="20/11/2026")

    outcome = services.import_register(actor=ketoan, path=tmp_path / "nov.xlsx")

    assert outcome.ok and (outcome.created, outcome.updated, outcome.settled) == (0, 3, 1)
    ku1 = Loan.objects.get(number="KU-001")
    assert ku1.principal_outstanding == 40_000_000  # the books are not overwritten
    assert ku1.borrower.full_name == "Nguyễn Thị Lan Anh"
    lines = {(d.contract, d.field): (d.ours, d.bank) for d in Difference.objects.all()}
    assert lines[("KU-001", "principal_in_term")] == ("40000000", "38000000")
    assert ("KU-003", "settled") in lines
    # KU-002's unpaid interest: the bank's 1.580.245 of October carried, plus what PolicyCredit
    # accrued since; the bank's November figure (unchanged here) is lower by 20 days or so.
    ours, bank = (int(x) for x in lines[("KU-002", "interest_unpaid")])
    assert bank == 1_580_245 and 0 < ours - bank < 25_000_000 * 0.0066 * 1.3
    assert Loan.objects.get(number="KU-003").status == LoanStatus.SETTLED
    assert BankLoan.objects.get(contract="KU-001").principal_in_term == 38_000_000
    assert check_books().ok


def test_command_dry_run_and_import(tmp_path, capsys):
    write_xlsx(tmp_path / "hstd.xlsx", portfolio())
    call_command("import", "hstd", str(tmp_path / "hstd.xlsx"), "--dry-run")
    assert not Loan.objects.filter(number__startswith="KU-").exists()
    call_command(
        "import", "hstd", str(tmp_path / "hstd.xlsx"), "--office", "PGD-HBT", "--user", "ketoan"
    )
    assert Loan.objects.filter(number__startswith="KU-").count() == 4
    call_command("ledger", "check")


def test_the_imported_portfolio_shows_in_the_directive_40_review(tmp_path, ketoan, user):
    from policycredit.reporting import directive40

    write_xlsx(tmp_path / "hstd.xlsx", portfolio())
    services.import_register(actor=ketoan, path=tmp_path / "hstd.xlsx")
    report = directive40.build(user("giamdoc"), AS_OF, 2025)
    assert report.figure("outstanding").value == 185_000_000
    by_programme = {row[0]: row for row in report.table("outstanding_by_programme").rows}
    assert any("nghèo" in name for name in by_programme)


def test_office_chooses_the_rows_of_a_branch_file(tmp_path, ketoan):
    rows = [*portfolio(), loan(contract="KU-900", office_code="PGD-KHAC")]
    write_xlsx(tmp_path / "branch.xlsx", rows)
    # Without a choice, a branch's file is checked (and would be taken) office by office.
    found = services.check_register(tmp_path / "branch.xlsx")
    assert found.ok, found.blocking
    assert [x.office_code for x in found.offices] == ["PGD-HBT", "PGD-KHAC"]
    assert (found.created, found.skipped) == (5, 0)
    outcome = services.import_register(
        actor=ketoan, path=tmp_path / "branch.xlsx", office="PGD-HBT"
    )
    assert (outcome.created, outcome.skipped) == (4, 1)


def test_close_of_day_after_an_import_accrues_on_the_imported_balances(tmp_path, ketoan):
    from django.db.models import Sum

    from policycredit.closing import services as closing
    from policycredit.domain import posting as p
    from policycredit.ledger.models import EntryKind, JournalLine

    closing.start_at(day=D(2026, 11, 2))
    write_xlsx(tmp_path / "hstd.xlsx", portfolio())
    services.import_register(actor=ketoan, path=tmp_path / "hstd.xlsx")
    closing.close_day()  # the first close: the opening accrual, then 02/11
    closing.close_day()  # 03/11
    accrued = JournalLine.objects.filter(
        entry__kind=EntryKind.CLOSE, account__kind=p.INTEREST_INCOME
    ).aggregate(total=Sum("amount"))["total"]
    # The first close books as receivable what the engine says is due, KU-002's unpaid interest
    # from the bank (1.234.567 + 345.678) included; then in term 145,000,000 at about
    # 0.66 %/month and overdue 20,000,000 at 130 % of it: some 40,000 đồng a day; a day's close
    # posts its income (negative: a credit).
    assert accrued is not None and -200_000 < accrued + 1_580_245 < -40_000
    assert check_books().ok


def test_a_due_date_between_the_export_and_today_is_overdue_at_once(tmp_path, ketoan):
    rows = portfolio()
    rows[0]["due_date"] = "15/11/2026"  # after the export of 31/10, before today (28/11)
    write_xlsx(tmp_path / "hstd.xlsx", rows)
    services.import_register(actor=ketoan, path=tmp_path / "hstd.xlsx")
    ku1 = Loan.objects.get(number="KU-001")
    assert (ku1.status, ku1.principal_overdue) == (LoanStatus.OVERDUE, 40_000_000)
    assert ku1.overdue_since == D(2026, 11, 16)
    assert check_books().ok


def test_the_opening_position_is_not_lending_of_the_month(tmp_path, ketoan, user):
    """The 185,000,000 the four loans hold was lent by the bank before the export: it is in the
    outstanding from the export date on, never in the turnover (the telegram's DS cho vay, the
    month-end snapshot's lending, the review's lending by year)."""
    from policycredit.closing import snapshot
    from policycredit.geo.models import Office
    from policycredit.loans.models import Snapshot
    from policycredit.registers.export_selectors import flows_in
    from policycredit.reporting import directive40

    write_xlsx(tmp_path / "hstd.xlsx", portfolio())
    services.import_register(actor=ketoan, path=tmp_path / "hstd.xlsx")
    office = Loan.objects.get(number="KU-001").office
    offices = Office.objects.filter(pk=office.pk)
    assert flows_in(offices, D(2026, 10, 1), AS_OF).get(office.pk, {}).get("lent", 0) == 0
    snapshot.take(AS_OF)
    month = Snapshot.objects.filter(month_end=AS_OF, office=office)
    assert sum(s.outstanding for s in month) == 185_000_000
    assert sum(s.disbursed_in_month for s in month) == 0
    report = directive40.build(user("giamdoc"), AS_OF, 2025)
    # year, lent, collected, interest collected, outstanding at the year's end
    assert report.table("turnover").rows[-1] == ["2026", 0, 0, 0, 185_000_000]


def test_a_file_of_many_chunks_gives_the_same_books(tmp_path, ketoan, monkeypatch):
    """A large file is taken in chunks, each chunk's rows written while the next is built: with
    one row a chunk the four loans cross three chunk boundaries, and the position and the books
    are what a one-chunk import gives (keys reserved ahead of rows not yet written included)."""
    monkeypatch.setattr(services, "CHUNK", 1)
    rows = [*portfolio(), loan(contract="KU-005", customer_code="KH-001", programme_code="NSVS")]
    write_xlsx(tmp_path / "hstd.xlsx", rows)
    outcome = services.import_register(actor=ketoan, path=tmp_path / "hstd.xlsx")
    assert outcome.ok, outcome.blocking
    assert outcome.created == 5
    imported = Loan.objects.filter(number__startswith="KU-")
    assert sum(x.principal_outstanding for x in imported) == 185_000_000 + 50_000_000
    # KU-005 is the second loan of KU-001's household, four chunks later: one household.
    homes = {x.number: x.household_id for x in imported}
    assert homes["KU-005"] == homes["KU-001"]
    report = check_books()
    assert report.ok, report.differences


def test_a_branch_file_is_taken_office_by_office_or_not_at_all(tmp_path, ketoan):
    rows = [*portfolio(), loan(contract="KU-900", office_code="PGD-KHAC")]
    write_xlsx(tmp_path / "branch.xlsx", rows)
    outcome = services.import_register(actor=ketoan, path=tmp_path / "branch.xlsx")
    assert [(x.office_code, x.created) for x in outcome.offices] == [
        ("PGD-HBT", 4),
        ("PGD-KHAC", 1),
    ]
    assert Loan.objects.get(number="KU-900").office.code == "PGD-KHAC"
    bad = [*portfolio(), loan(contract="KU-901", office_code="PGD-KHAC2", ward_code="99999")]
    bad = [{**row, "contract": f"{row['contract']}-B"} for row in bad]
    write_xlsx(tmp_path / "bad.xlsx", bad)
    with pytest.raises(services.ImportRefused):
        services.import_register(actor=ketoan, path=tmp_path / "bad.xlsx")
    assert not Loan.objects.filter(number__endswith="-B").exists()


def test_who_may_import_is_the_rules_table(tmp_path, ketoan, user):
    """Issue 17: the import asks the four-eyes rules (act "register.import") before it reads
    the file. The office takes the accountant's right away: her import is refused, nothing
    written; a teller, never a proposer, is refused too; the director still imports."""
    path = write_xlsx(tmp_path / "hstd.xlsx", portfolio())
    rule = ActPolicy.objects.get(act="register.import")
    rule.proposers = [r for r in rule.proposers if r != "accountant"]
    rule.save()
    for who in (ketoan, user("giaodich")):
        with pytest.raises(policy.Refused) as refused:
            services.import_register(actor=who, path=path)
        assert refused.value.code == "role"
    assert not Loan.objects.filter(number__startswith="KU-").exists()
    assert not ImportRun.objects.exists()
    assert services.import_register(actor=user("giamdoc"), path=path).created == 4
