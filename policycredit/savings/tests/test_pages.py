"""The savings screens: who sees and posts what, and the Excel download."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from policycredit.accounts.models import Proposal
from policycredit.savings import services
from policycredit.savings.models import SavingsTransaction
from policycredit.savings.selectors import balance_of

pytestmark = pytest.mark.django_db
D = datetime.date


def _post_movement(client, group, member, kind, amount, key="key-1"):
    return client.post(
        reverse("savings:group", args=[group.pk]),
        {
            "membership": member.pk,
            "kind": kind,
            "amount": amount,
            "on": "10/03/2024",
            "idempotency_key": key,
        },
    )


def test_a_teller_records_a_deposit_once_however_often_it_is_sent(client_as, group, member):
    client = client_as("giaodich")
    page = client.get(reverse("savings:group", args=[group.pk]))
    assert page.status_code == 200
    assert 'data-testid="movement"' in page.content.decode()
    for _ in range(2):
        response = _post_movement(client, group, member, "deposit", 50_000)
        assert response.status_code == 302
    assert SavingsTransaction.objects.filter(membership=member).count() == 1
    assert balance_of(member) == 50_000
    page = client.get(reverse("savings:group", args=[group.pk]))
    assert "50.000 đ" in page.content.decode()


def test_an_overdraw_is_shown_on_the_form_and_nothing_is_written(client_as, group, member):
    response = _post_movement(client_as("giaodich"), group, member, "withdrawal", 1_000)
    assert response.status_code == 200
    assert 'data-testid="errors"' in response.content.decode()
    assert not SavingsTransaction.objects.filter(membership=member).exists()


def test_a_group_leader_sees_only_the_own_group_and_posts_nothing(client_as, leader, group, member):
    client = client_as("totruong")
    assert client.get(reverse("savings:group", args=[group.pk])).status_code == 404
    assert client.get(reverse("savings:group_excel", args=[group.pk])).status_code == 404
    assert _post_movement(client, group, member, "deposit", 50_000).status_code == 404
    own = client.get(reverse("savings:group", args=[leader.group_id]))
    assert own.status_code == 200
    assert 'data-testid="movement"' not in own.content.decode()
    own_member = leader.group.memberships.filter(left__isnull=True).first()
    before = SavingsTransaction.objects.count()
    response = _post_movement(client, leader.group, own_member, "deposit", 50_000)
    assert response.status_code == 403
    assert SavingsTransaction.objects.count() == before


def test_a_controller_reverses_a_deposit_from_the_group_page(client_as, teller, group, member):
    deposit = services.deposit(actor=teller, membership=member, amount=50_000, on=D(2024, 3, 10))
    client = client_as("kiemsoat")
    response = client.post(
        reverse("savings:group", args=[group.pk]),
        {"action": "reverse", "transaction": deposit.pk, "reason": "wrong household"},
    )
    assert response.status_code == 302
    # A reversal waits for a second person: the director approves it on the approvals page.
    assert balance_of(member) == 50_000
    proposal = Proposal.objects.get(act="savings.reverse", status="pending")
    client_as("giamdoc").post(
        reverse("approvals:list"), {"proposal": proposal.pk, "action": "approve"}
    )
    assert balance_of(member) == 0
    assert deposit.reversed_by.reason == "wrong household"
    teller_reverse = client_as("giaodich").post(
        reverse("savings:group", args=[group.pk]),
        {"action": "reverse", "transaction": deposit.pk, "reason": "x"},
    )
    assert teller_reverse.status_code == 403


def test_the_excel_download_holds_the_balances_as_numbers(client_as, teller, group, members):
    services.deposit_many(
        actor=teller,
        entries=[
            (members[0], D(2024, 1, 10), 50_000),
            (members[0], D(2024, 2, 10), 50_000),
            (members[1], D(2024, 2, 10), 1_234_000),
            (members[1], D(2024, 4, 10), 1_000),
        ],
    )
    services.withdraw(actor=teller, membership=members[0], amount=30_000, on=D(2024, 3, 1))
    response = client_as("giaodich").get(
        reverse("savings:group_excel", args=[group.pk]), {"as_of": "2024-03-31"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    first = next(i for i, r in enumerate(rows) if r[0] == 1)  # numbered rows follow the header
    body = rows[first:-1]
    by_code = {r[1]: r[5] for r in body}
    assert by_code[members[0].household.code] == 70_000
    assert by_code[members[1].household.code] == 1_234_000
    assert all(isinstance(r[5], int) for r in body)
    group_total = sum(balance_of(m, as_of=D(2024, 3, 31)) for m in group.memberships.all())
    assert group_total >= 1_304_000  # and exactly that while the demo loads no savings
    assert sum(r[5] for r in body) == rows[-1][5] == group_total
    assert sheet.cell(sheet.max_row, 6).number_format == "#,##0"
    assert sheet.cell(first + 1, 6).number_format == "#,##0"


def test_the_overview_totals_each_group_for_the_month(client_as, teller, group, members):
    """In March 2024: 20,000 in, 10,000 out; on 31/03 the two members hold 40,000 + 20,000."""
    client = client_as("giaodich")

    def figures():
        response = client.get(reverse("savings:overview"), {"as_of": "2024-03-31"})
        assert response.status_code == 200
        t = next(t for t in response.context["totals"] if t.group == group)
        return (t.members_with_savings, t.balance, t.deposits, t.withdrawals)

    before = figures()
    services.deposit(actor=teller, membership=members[0], amount=50_000, on=D(2024, 2, 10))
    services.deposit(actor=teller, membership=members[1], amount=20_000, on=D(2024, 3, 5))
    services.withdraw(actor=teller, membership=members[0], amount=10_000, on=D(2024, 3, 6))
    services.deposit(actor=teller, membership=members[1], amount=5_000, on=D(2024, 4, 1))
    after = figures()
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 60_000, 20_000, 10_000]


def test_the_admin_lists_movements_read_only(client_as, teller, member):
    tx = services.deposit(actor=teller, membership=member, amount=50_000, on=D(2024, 3, 10))
    client = client_as("giaodich")
    listing = client.get(reverse("admin:savings_savingstransaction_changelist"))
    assert listing.status_code == 200
    assert member.household.code in listing.content.decode()
    assert client.get(reverse("admin:savings_savingstransaction_add")).status_code == 403
    detail = client.get(reverse("admin:savings_savingstransaction_change", args=[tx.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()


def test_roles_without_savings_in_their_remit_see_no_savings_page(client_as, group):
    client = client_as("phuong.vinhtuy")  # a ward officer: loans and borrowers, not savings
    assert client.get(reverse("savings:overview")).status_code == 403
    assert client.get(reverse("savings:group", args=[group.pk])).status_code == 403
