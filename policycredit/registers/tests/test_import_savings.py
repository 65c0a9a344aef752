"""Members' savings in the bank's register (Số dư tiền gửi 105) become the members' savings.

The bank prints a member's savings balance on each of their loans in the group. Hand-checked:
KH-201 has two loans in group T-HBT-201, each row saying 2,500,000; KH-202, in the same group,
1,000,000; KH-203 none. So the import opens two deposits, 2,500,000 and 1,000,000, dated the
evening before the export (30/10/2026), and the books' members' savings grow by 3,500,000.
"""

import datetime

import pytest
from django.db.models import Sum

from policycredit.accounts.tests.four_eyes import decided
from policycredit.domain import posting as p
from policycredit.ledger.checks import check_books
from policycredit.ledger.models import JournalLine
from policycredit.network.models import Membership
from policycredit.registers import services
from policycredit.registers.tests.hstd_files import loan, write_xlsx
from policycredit.savings import services as savings
from policycredit.savings.models import SavingsTransaction
from policycredit.savings.selectors import balance_of

pytestmark = pytest.mark.django_db
OPENED = datetime.date(2026, 10, 30)


def _row(contract, customer, id_number, programme="HN", savings_balance=0):
    return loan(
        contract=contract,
        customer_code=customer,
        id_number=id_number,
        group_code="T-HBT-201",
        group_name="Tổ TK&VV tổ dân phố 11",
        point_code="ĐGD-HBT-201",
        programme_code=programme,
        amount=30_000_000,
        savings=savings_balance,
    )


def _books_savings() -> int:
    lines = JournalLine.objects.filter(account__kind=p.MEMBER_SAVINGS)
    return -(lines.aggregate(total=Sum("amount"))["total"] or 0)


def test_each_members_savings_is_opened_once_and_the_books_agree(tmp_path, user):
    before = _books_savings()
    rows = [
        _row("KU-201", "KH-201", "001180054001", savings_balance=2_500_000),
        _row("KU-202", "KH-201", "001180054001", programme="NSVS", savings_balance=2_500_000),
        _row("KU-203", "KH-202", "001180054002", savings_balance=1_000_000),
        _row("KU-204", "KH-203", "001180054003"),
    ]
    write_xlsx(tmp_path / "hstd.xlsx", rows)
    outcome = services.import_register(actor=user("ketoan"), path=tmp_path / "hstd.xlsx")
    assert outcome.ok, outcome.blocking

    deposits = SavingsTransaction.objects.filter(membership__group__code="T-HBT-201")
    assert sorted((d.membership.household.code, d.amount, d.value_date) for d in deposits) == [
        ("KH-201", 2_500_000, OPENED),
        ("KH-202", 1_000_000, OPENED),
    ]
    member = Membership.objects.get(group__code="T-HBT-201", household__code="KH-201")
    assert balance_of(member, OPENED) == 2_500_000
    assert _books_savings() - before == 3_500_000
    report = check_books()
    assert report.ok, report.differences


def test_an_opened_deposit_can_be_reversed_like_any_other(tmp_path, user):
    write_xlsx(
        tmp_path / "hstd.xlsx", [_row("KU-205", "KH-205", "001180054005", savings_balance=700_000)]
    )
    assert services.import_register(actor=user("ketoan"), path=tmp_path / "hstd.xlsx").ok
    deposit = SavingsTransaction.objects.get(membership__household__code="KH-205")
    before = _books_savings()
    # Proposed by the controller, approved by the director (four eyes).
    decided(savings.reverse, proposer="kiemsoat", transaction=deposit, reason="Nhập sai số dư")
    assert before - _books_savings() == 700_000
    assert check_books().ok


def test_a_known_member_without_savings_gets_the_banks_balance_once(tmp_path, user):
    """The people were loaded before their loans (as `demo --no-loans` does): the household and
    its membership exist, with no savings. Its two loans in one file give one deposit; the same
    export taken in again does not give another."""
    member = Membership.objects.filter(left__isnull=True, savings_transactions__isnull=True)
    member = member.select_related("household__head", "group").first()
    home = member.household
    rows = [
        loan(
            contract=f"KU-3{n}",
            customer_code=home.code,
            customer_name=home.head.full_name,
            id_number=home.head.cccd or "",
            group_code=member.group.code,
            programme_code=programme,
            amount=20_000_000,
            savings=1_800_000,
        )
        for n, programme in enumerate(("HN", "NSVS"))
    ]
    write_xlsx(tmp_path / "hstd.xlsx", rows)
    outcome = services.import_register(actor=user("ketoan"), path=tmp_path / "hstd.xlsx")
    assert outcome.ok, outcome.blocking
    assert balance_of(member) == 1_800_000
    again = services.import_register(actor=user("ketoan"), path=tmp_path / "hstd.xlsx")
    assert again.ok and again.updated == 2
    assert balance_of(member) == 1_800_000
    assert check_books().ok
