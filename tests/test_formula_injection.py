"""Names are typed by people, and the files the project writes are opened in Excel.

The story: someone registers a borrower named ``=HYPERLINK("http://x","click")``, names the
savings group ``@SUM(1+1)*cmd|' /C calc'!A0``, its organisation, point, office and capital
source likewise, and puts ``=2+5`` as the household's phone. Every workbook the teller, the
accountant or the director downloads must hold those names as text (never a cell of type
formula), exactly as typed; every CSV file must hold them behind a single quote, the only way a
CSV cell says "text" (OWASP's advice on CSV injection), and the import must read the
register's CSV back to the names as typed.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from policycredit.borrowers.models import Household, Person
from policycredit.capital.models import CapitalSource
from policycredit.common import excel
from policycredit.common.selectors import replaying
from policycredit.fees.tests.conftest import (  # noqa: F401 (the fee stories' world)
    default_rates,
    staff,
    world,
)
from policycredit.geo.models import Office, TransactionPoint
from policycredit.network.models import MassOrganisation, SavingsGroup
from policycredit.programmes.models import Programme
from policycredit.registers import export_selectors as reads
from policycredit.registers import reader, telegram
from policycredit.registers.exports import write_hstd, write_hstd_csv
from policycredit.transactiondays.tests.conftest import (  # noqa: F401 (a loan at a point, its day)
    approved,
    day,
    director,
    loan_at_point,
    officer,
    poor_household,
    teller,
)

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 6, 15)

NAME = '=HYPERLINK("http://x","click")'
GROUP = "@SUM(1+1)*cmd|' /C calc'!A0"
ORGANISATION = "-2+3+cmd|' /C calc'!A0"
POINT = "+cmd|' /C calc'!A0"
LEADER = "\t=1+1"
ADDRESS = "-1+cmd|' /C notepad'!A0"
VILLAGE = '=IMPORTXML("http://x","//a")'
PHONE = "=2+5"
OFFICE = '=WEBSERVICE("http://x")'
SOURCE = '=HYPERLINK("http://y","budget")'


# --------------------------------------------------------------------------------- helpers


def cells(content) -> list:
    """Every written cell of every sheet of a workbook (bytes, a path or a file)."""
    if isinstance(content, bytes):
        content = io.BytesIO(content)
    book = load_workbook(content)
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def texts_of(content) -> list[str]:
    """The workbook's text cells, after checking that none is a formula (nor an error)."""
    written = cells(content)
    formulas = [(c.coordinate, c.value) for c in written if c.data_type in ("f", "e")]
    assert formulas == []
    for cell in written:
        if isinstance(cell.value, str) and excel.looks_like_formula(cell.value):
            assert cell.quotePrefix, (cell.coordinate, cell.value)
    return [c.value for c in written if isinstance(c.value, str)]


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def hostile(loan_at_point):  # noqa: F811
    """The loan's borrower, household, group, organisation, point, office and source renamed."""
    loan = loan_at_point
    group = loan.group
    if group.leader_id and group.leader_id != loan.borrower_id:
        Person.objects.filter(pk=group.leader_id).update(full_name=LEADER)
    Person.objects.filter(pk=loan.borrower_id).update(full_name=NAME)
    Household.objects.filter(pk=loan.household_id).update(
        phone=PHONE, address=ADDRESS, village=VILLAGE
    )
    SavingsGroup.objects.filter(pk=group.pk).update(name=GROUP)
    MassOrganisation.objects.filter(pk=group.organisation_id).update(name=ORGANISATION)
    TransactionPoint.objects.filter(pk=group.transaction_point_id).update(name=POINT)
    Office.objects.filter(pk=loan.office_id).update(name=OFFICE)
    CapitalSource.objects.filter(pk=loan.source_id).update(name=SOURCE)
    return loan


# ------------------------------------------------------------------------- the one place


@pytest.mark.parametrize("text", [NAME, GROUP, ORGANISATION, POINT, LEADER, "\r=1+1", "\0x"])
def test_a_csv_cell_that_a_spreadsheet_would_run_goes_behind_a_quote(text):
    assert excel.csv_text(text) == "'" + text
    assert excel.from_csv(excel.csv_text(text)) == text


def test_numbers_dates_and_plain_text_are_left_as_they_are():
    for value in [-5, 0, 1_000_000, D(2026, 6, 15), "Nguyễn Văn An", "0912345678", "", None]:
        assert excel.csv_text(value) == value
    assert excel.from_csv("'quoted by the bank") == "'quoted by the bank"
    buffer = io.StringIO()
    excel.CsvWriter(buffer).writerows([[NAME, -5, "An"]])
    assert buffer.getvalue() == '"\'=HYPERLINK(""http://x"",""click"")",-5,An\r\n'


def test_the_printed_workbook_holds_every_typed_text_as_text():
    book = excel.workbook(
        NAME,
        [GROUP, "value"],
        [[ORGANISATION, -5], ["#N/A", 7], [LEADER, 0]],
        notes=[POINT],
        total=[SOURCE, 2],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    texts = texts_of(buffer.getvalue())
    for text in [NAME, GROUP, ORGANISATION, "#N/A", LEADER, POINT, SOURCE]:
        assert text in texts
    numbers = [c.value for c in cells(buffer.getvalue()) if isinstance(c.value, int)]
    assert numbers == [-5, 7, 0, 2]


# -------------------------------------------------------- before the day: sheets, SMS, list


def test_the_collection_sheets_write_the_names_as_text(hostile, day, client_as):  # noqa: F811
    client = client_as("giaodich")
    one = client.get(f"/day/{day.pk}/groups/{hostile.group_id}/sheet/?format=xlsx")
    assert one.status_code == 200
    texts = texts_of(one.content)
    assert NAME in texts
    assert any(t.startswith(f"{ORGANISATION}") or ORGANISATION in t for t in texts)
    every = client.get(f"/day/{day.pk}/sheets/?format=xlsx")
    assert every.status_code == 200
    assert NAME in texts_of(every.content)


def test_the_public_list_writes_the_names_as_text(hostile, day, client_as):  # noqa: F811
    reply = client_as("giaodich").get(f"/day/{day.pk}/public/?format=xlsx")
    assert reply.status_code == 200
    texts = texts_of(reply.content)
    assert NAME in texts and GROUP in texts


def test_the_sms_file_quotes_a_name_or_phone_that_would_run(hostile, day, client_as):  # noqa: F811
    reply = client_as("giaodich").get(f"/day/{day.pk}/notices/?format=csv")
    assert reply.status_code == 200
    rows = csv_rows(reply.content.decode())
    line = next(row for row in rows if row[2] == "'" + NAME)
    assert line[0] == "'" + PHONE
    assert line[3].startswith("NHCSXH")  # the message itself begins with the bank's name
    assert not any(excel.looks_like_formula(cell) for row in rows for cell in row)


# ---------------------------------------------------------------------------- savings, fees


def test_the_savings_workbook_writes_the_head_of_household_as_text(hostile, client_as):
    reply = client_as("giaodich").get(f"/savings/groups/{hostile.group_id}/excel/")
    assert reply.status_code == 200
    assert NAME in texts_of(reply.content)


def test_the_fee_and_commission_statements_write_unit_names_as_text(world, staff, client_as):  # noqa: F811
    from policycredit.fees import services
    from policycredit.fees.models import CommissionStatement, FeeStatement

    MassOrganisation.objects.filter(pk=world.organisation_a.pk).update(name=ORGANISATION)
    SavingsGroup.objects.filter(pk=world.group_a.pk).update(name=GROUP)
    with replaying(D(2024, 5, 20)):
        services.compute_month(actor=staff["ketoan"], office=world.office, month=D(2024, 4, 1))
    fee = FeeStatement.objects.get(month=D(2024, 4, 1), organisation=world.organisation_a)
    commission = CommissionStatement.objects.get(month=D(2024, 4, 1), group=world.group_a)
    client = client_as("ketoan")
    fee_texts = texts_of(
        client.get(reverse("fees:statement", args=[fee.pk]), {"format": "xlsx"}).content
    )
    assert ORGANISATION in fee_texts
    commission_reply = client.get(
        reverse("fees:commission", args=[commission.pk]), {"format": "xlsx"}
    )
    assert GROUP in texts_of(commission_reply.content)


# ------------------------------------------------------------------- reports and calendar


def test_the_loan_list_writes_the_borrower_as_text(hostile, client_as):
    with replaying(DAY):
        reply = client_as("giamdoc").get(f"/reports/loans/?as_of={DAY:%d/%m/%Y}&format=xlsx")
    assert reply.status_code == 200
    texts = texts_of(reply.content)
    assert NAME in texts and SOURCE in texts


# The overdue and fee reports go through the same workbook; the small world has no overdue
# loan nor fee statement to fill them.
@pytest.mark.parametrize("name", ["directive40", "outstanding", "turnover", "capital-use"])
def test_the_reports_workbooks_write_names_as_text(name, hostile, client_as):
    for model in (CapitalSource, Programme):
        for row in model.objects.all():
            model.objects.filter(pk=row.pk).update(name=f"={row.code}+cmd|'/C calc'!A0")
    with replaying(DAY):
        reply = client_as("giamdoc").get(f"/reports/{name}/?as_of=15/06/2026&format=xlsx")
    assert reply.status_code == 200
    texts = texts_of(reply.content)
    shown = "=TW+cmd|'/C calc'!A0" if name != "outstanding" else "=HN+cmd|'/C calc'!A0"
    assert any(text.startswith(shown) for text in texts)


def test_the_decision_list_writes_the_source_as_text(client_as):
    CapitalSource.objects.update(name=SOURCE)
    reply = client_as("giamdoc").get("/reports/decisions/?as_of=11/06/2024&year=2014&format=xlsx")
    assert SOURCE in texts_of(reply.content)


def test_the_calendar_workbook_writes_the_point_as_text(client_as):
    point = TransactionPoint.objects.filter(active=True).order_by("code").first()
    TransactionPoint.objects.filter(pk=point.pk).update(name=POINT)
    reply = client_as("giamdoc").get("/calendar/", {"year": 2026, "format": "xlsx"})
    assert reply.status_code == 200
    assert POINT in texts_of(reply.content)


# ------------------------------------------------------------------ the bank's own files


def test_the_register_workbook_keeps_typed_text_as_text_in_the_banks_layout(hostile):
    offices = Office.objects.filter(pk=hostile.office_id)
    target = io.BytesIO()
    with replaying(DAY):
        write_hstd(target, reads.loans_on(offices, DAY), DAY)
    texts = texts_of(target.getvalue())
    for text in [NAME, GROUP, ORGANISATION, POINT, ADDRESS, VILLAGE, PHONE, OFFICE, SOURCE]:
        assert text in texts, text
    # The bank's tools read the same file: numbers are still numbers.
    row = next(
        [c.value for c in r]
        for r in load_workbook(io.BytesIO(target.getvalue())).active.iter_rows()
        if hostile.number in [c.value for c in r]
    )
    assert 50_000_000 in row


def test_the_register_csv_quotes_typed_text_and_the_import_reads_it_back(hostile, tmp_path):
    offices = Office.objects.filter(pk=hostile.office_id)
    path = tmp_path / "hstd.csv"
    with replaying(DAY):
        write_hstd_csv(path, reads.loans_on(offices, DAY), DAY)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    row = next(r for r in rows if hostile.number in r)
    for text in [NAME, GROUP, ORGANISATION, POINT, ADDRESS, VILLAGE, PHONE, OFFICE, SOURCE]:
        assert "'" + text in row, text
    assert "50000000" in row
    assert not any(excel.looks_like_formula(cell) for r in rows for cell in r)
    read = next(r for r in reader.raw_rows(str(path)) if hostile.number in r)
    for text in [NAME, GROUP, ORGANISATION, POINT, ADDRESS, VILLAGE, PHONE, OFFICE, SOURCE]:
        assert text in read, text


def test_the_telegram_writes_the_office_as_text(hostile):
    offices = Office.objects.filter(pk=hostile.office_id)
    with replaying(DAY):
        rows = telegram.telegram(offices, D(2026, 5, 1), DAY)
        book = telegram.workbook(rows, D(2026, 5, 1), D(2026, 5, 31))
    buffer = io.BytesIO()
    book.save(buffer)
    assert OFFICE in texts_of(buffer.getvalue())
