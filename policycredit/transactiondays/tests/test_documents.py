"""The paper and the messages of "before the day", as the teller prints and sends them.

The story: a poor household of a veterans' group at the Bách Khoa point borrowed 50 million đ on
15/03/2026; on the day of 15/06/2026 it owes 843,333 đ of interest. It saved 50,000 đ last
month, a neighbour in the group who does not borrow saved 20,000 đ, and a member of the
point's other group saved 30,000 đ: each is expected to save the same again.
"""

import csv
import datetime
import io
import os
import re
import subprocess

import pytest
from django.utils.html import escape
from openpyxl import load_workbook

from policycredit.common.selectors import replaying
from policycredit.domain.notices import SMS_LENGTH
from policycredit.geo.models import Office, TransactionPoint
from policycredit.network.models import Membership, SavingsGroup
from policycredit.savings.services import deposit
from policycredit.transactiondays import selectors
from policycredit.transactiondays.documents import MONEY_COLUMNS, sheet_rows

pytestmark = pytest.mark.django_db
D = datetime.date
PDFTOTEXT = "/usr/bin/pdftotext"
PDFINFO = "/usr/bin/pdfinfo"


@pytest.fixture
def savers(day, loan_at_point, teller):
    """Three savers: the borrower, a neighbour without a loan, a member of the other group."""
    group = loan_at_point.group
    borrower = group.memberships.get(household=loan_at_point.household, left__isnull=True)
    neighbour = group.memberships.filter(left__isnull=True).exclude(pk=borrower.pk).first()
    other = (
        Membership.objects.filter(group__transaction_point=day.point, left__isnull=True)
        .exclude(group=group)
        .first()
    )
    with replaying(D(2026, 5, 15)):
        for member, amount in [(borrower, 50_000), (neighbour, 20_000), (other, 30_000)]:
            deposit(actor=teller, membership=member, amount=amount, on=D(2026, 5, 15))
    return {"borrower": borrower, "neighbour": neighbour, "other": other}


@pytest.fixture
def teller_client(client_as):
    return client_as("giaodich")


def sheet_of(teller, loan):
    return selectors.group_sheet(teller, loan.group, D(2026, 6, 15))


def grouped(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def pdf_text(content: bytes) -> str:
    if not os.path.exists(PDFTOTEXT):
        pytest.skip(f"{PDFTOTEXT} is missing: apt-get install poppler-utils to read the PDF")
    run = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return run.stdout.decode()


def pdf_pages(content: bytes) -> tuple[int, float, float]:
    """(pages, width, height) in points, read by pdfinfo."""
    if not os.path.exists(PDFINFO):
        pytest.skip(f"{PDFINFO} is missing: apt-get install poppler-utils to read the PDF")
    info = subprocess.run(
        [PDFINFO, "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), float(width), float(height)


def workbook_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


# ---------------------------------------------------------------------- the collection sheet


def test_the_sheets_lines_add_up_to_the_groups_totals(savers, teller, loan_at_point):
    sheet = sheet_of(teller, loan_at_point)
    rows = sheet_rows(sheet)
    assert sheet.totals == {
        "outstanding": 50_000_000,
        "overdue": 0,
        "principal_due": 0,
        "interest_due": 843_333,
        "savings_due": 70_000,
        "total_due": 913_333,
    }
    for column in MONEY_COLUMNS:
        assert sum(getattr(r, column) or 0 for r in rows) == sheet.totals[column], column
    # Every member is on the paper to sign, borrower or not; numbered once each.
    assert [r.number for r in rows] == list(range(1, len(sheet.members) + 1))
    (first,) = [r for r in rows if r.loan_number]
    assert first.number and (
        first.loan_number,
        first.interest_due,
        first.savings_due,
        first.total_due,
    ) == (
        loan_at_point.number,
        843_333,
        50_000,
        893_333,
    )


def test_the_group_sheet_page_shows_the_group_and_the_screens_totals(
    savers, teller_client, teller, day, loan_at_point
):
    reply = teller_client.get(f"/day/{day.pk}/groups/{loan_at_point.group_id}/sheet/")
    assert reply.status_code == 200
    html = reply.content.decode()
    sheet = sheet_of(teller, loan_at_point)
    assert escape(loan_at_point.group.name) in html
    assert escape(loan_at_point.group.organisation.name) in html
    assert loan_at_point.number in html and "843.333" in html
    for name, amount in sheet.totals.items():
        assert f'data-total="{name}">{grouped(amount)}<' in html, name
    for member in sheet.members:
        assert member.household.code in html


def test_the_group_sheet_prints_on_a_landscape_a4_with_vietnamese_intact(
    savers, teller_client, day, loan_at_point
):
    reply = teller_client.get(f"/day/{day.pk}/groups/{loan_at_point.group_id}/sheet/?format=pdf")
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    text = pdf_text(reply.content)
    assert loan_at_point.group.name in text  # "Tổ TK&VV số 1 – Hội Cựu chiến binh Bách Khoa"
    assert "843.333" in text and "913.333" in text
    pages, width, height = pdf_pages(reply.content)
    assert pages == 1 and (round(width), round(height)) == (842, 595)


def test_the_group_sheet_in_excel_has_numbers_and_the_screens_total(
    savers, teller_client, teller, day, loan_at_point
):
    reply = teller_client.get(f"/day/{day.pk}/groups/{loan_at_point.group_id}/sheet/?format=xlsx")
    rows = workbook_rows(reply)
    sheet = sheet_of(teller, loan_at_point)
    loan_row = next(r for r in rows if loan_at_point.number in r)
    assert loan_row[5:11] == [50_000_000, 0, 0, 843_333, 50_000, 893_333]
    assert rows[-1][5:11] == [sheet.totals[c] for c in MONEY_COLUMNS]
    assert any(loan_at_point.group.name in str(r[0]) for r in rows[:8])


def test_all_the_points_sheets_print_a_page_per_group_and_add_up(
    savers, teller_client, teller, day, private_root
):
    sheets = selectors.point_sheets(teller, day.point, day.date)
    assert len(sheets) == 2
    started = teller_client.post(f"/day/{day.pk}/sheets/")  # the worker makes the PDF
    pdf = b"".join(teller_client.get(f"{started.url}file/").streaming_content)
    text = pdf_text(pdf)
    for sheet in sheets:
        assert sheet.group.name in text
    assert pdf_pages(pdf)[0] == len(sheets) + 1  # and the point's total on a page of its own
    rows = workbook_rows(teller_client.get(f"/day/{day.pk}/sheets/?format=xlsx"))
    assert {r[0] for r in rows} >= {s.group.code for s in sheets}
    assert rows[-1][6:12] == [sum(s.totals[c] for s in sheets) for c in MONEY_COLUMNS]
    assert rows[-1][11] == 943_333  # 843,333 interest + 50,000 + 20,000 + 30,000 savings
    html = teller_client.get(f"/day/{day.pk}/sheets/").content.decode()
    for sheet in sheets:
        assert f'data-testid="sheet-{sheet.group.code}"' in html


def test_a_group_the_user_cannot_see_or_of_another_point_has_no_sheet(
    teller_client, day, loan_at_point
):
    group = loan_at_point.group
    office = Office.objects.create(code="PGD-KHAC", name="Phòng khác", area=day.office.area)
    point = TransactionPoint.objects.create(
        code="DGD-KHAC",
        name="Điểm khác",
        office=office,
        ward=day.point.ward,
        address="-",
        day_of_month=15,
    )
    elsewhere = SavingsGroup.objects.create(
        code="KHAC-01",
        name="Tổ khác",
        organisation=group.organisation,
        office=office,
        transaction_point=point,
        founded=D(2020, 1, 1),
    )
    other_point = SavingsGroup.objects.filter(office=day.office).exclude(
        transaction_point=day.point
    )[0]
    for target in (elsewhere, other_point):
        for kind in ("", "?format=pdf", "?format=xlsx"):
            url = f"/day/{day.pk}/groups/{target.pk}/sheet/{kind}"
            assert teller_client.get(url).status_code == 404


# --------------------------------------------------------------------------- the messages


def test_each_household_with_something_due_gets_one_plain_sms(
    savers, teller_client, teller, day, loan_at_point
):
    reply = teller_client.get(f"/day/{day.pk}/notices/")
    assert reply["Content-Type"] == "text/plain; charset=utf-8"
    lines = reply.content.decode().splitlines()
    assert len(lines) == 3  # the borrower, the neighbour who saves, the other group's saver
    code = loan_at_point.household.code
    (mine,) = [line for line in lines if f"Ho {code} " in line]
    assert mine.startswith("NHCSXH PGD Hai Ba Trung: Ho ")
    assert mine.endswith(
        "ngay GD 15/06/2026 tai Diem GD Phuong Bach Khoa: "
        "lai 843.333d, goc 0d, tiet kiem 50.000d. Tong 893.333d."
    )
    assert all(line.isascii() and len(line) <= SMS_LENGTH for line in lines)
    told = sum(int(re.search(r"Tong ([\d.]+)d\.$", x).group(1).replace(".", "")) for x in lines)
    sheets = selectors.point_sheets(teller, day.point, day.date)
    assert told == sum(s.totals["total_due"] for s in sheets)


def test_the_messages_as_csv_carry_the_households_phone(savers, teller_client, day, loan_at_point):
    reply = teller_client.get(f"/day/{day.pk}/notices/?format=csv")
    assert reply["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = list(csv.reader(io.StringIO(reply.content.decode())))
    assert len(header) == 4 and len(rows) == 3
    household = loan_at_point.household
    (mine,) = [r for r in rows if r[1] == household.code]
    assert mine[0] == household.phone and mine[2] == household.head.full_name
    assert mine[3].endswith("Tong 893.333d.")


# ------------------------------------------------------------------------ the public list


def test_the_public_list_shows_names_and_balances_but_never_a_citizen_id(
    savers, teller_client, teller, day, loan_at_point
):
    borrower = loan_at_point.borrower
    borrower.cccd = "001085000042"
    borrower.save(update_fields=["cccd"])
    sheets = selectors.point_sheets(teller, day.point, day.date)
    html = teller_client.get(f"/day/{day.pk}/public/").content.decode()
    assert escape(borrower.full_name) in html and loan_at_point.household.code in html
    assert escape(loan_at_point.programme.name) in html and "15/03/2027" in html
    assert f'data-total="outstanding">{grouped(sum(s.totals["outstanding"] for s in sheets))}<' in (
        html
    )
    assert f'data-total="overdue">{grouped(sum(s.totals["overdue"] for s in sheets))}<' in html
    reply = teller_client.get(f"/day/{day.pk}/public/?format=xlsx")
    rows = workbook_rows(reply)
    (line,) = [r for r in rows if borrower.full_name in r]
    assert line[4:8] == [50_000_000, 50_000_000, 0, datetime.datetime(2027, 3, 15)]
    assert rows[-1][5] == sum(s.totals["outstanding"] for s in sheets)
    for text in (html, str(rows)):
        assert "001085000042" not in text and "085000042" not in text
