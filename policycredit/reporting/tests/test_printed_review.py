"""The Directive 40 review as the office files it: on paper, under the bank's and the office's
heading with the national motto, dated and placed, signed, every page numbered; in Excel, with
columns that show their labels, numbers as numbers, years as years, sheet names cut after a
word and the pages set up for A4."""

import io
import re
import subprocess

import pytest
from django.utils import translation
from django.utils.text import capfirst
from openpyxl import load_workbook

from policycredit.common import excel
from policycredit.common.selectors import business_date
from policycredit.reporting import exports, selectors
from policycredit.reporting.tests.conftest import REVIEW_DAY

pytestmark = pytest.mark.django_db
DAY = f"{REVIEW_DAY:%d/%m/%Y}"
REVIEW = f"/reports/directive40/?as_of={DAY}&from_year=2014"


def _pages(pdf: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def test_the_review_pdf_is_headed_placed_dated_signed_and_numbered(client_as, user):
    # The review's PDF is the document the district files (`reviews`): the issuing body and
    # the national motto, the place and date, the title, the signature, numbered pages.
    reply = client_as("giamdoc").get(f"{REVIEW}&format=pdf")
    assert reply["Content-Type"] == "application/pdf"
    pages = _pages(reply.content)
    first, last = pages[0], pages[-1]
    for words in (
        "UBND QUẬN HAI BÀ TRƯNG",
        "BAN ĐẠI DIỆN HĐQT NHCSXH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ):
        assert words in first, words
    # The place is the district the office serves; the date is the day printed.
    day = business_date()
    assert f"Hai Bà Trưng, ngày {day:%d} tháng {day:%m} năm {day:%Y}" in first
    assert first.index("Độc lập") < first.index("Hai Bà Trưng, ngày") < first.index("BÁO CÁO")
    assert "TRƯỞNG BAN" in last and "Nơi nhận" in last
    with translation.override("vi"):
        word = translation.gettext("Page")
    assert len(pages) > 1
    for number, page in enumerate(pages, 1):
        assert f"{word} {number}/{len(pages)}" in page
        # The subject at the foot of every page says which document a loose page belongs to.
        assert "Chỉ thị số 40-CT/TW" in page


def test_every_table_of_the_review_prints_with_its_total_once(client_as, user):
    report = selectors.report_for(user("giamdoc"), "directive40", REVIEW_DAY, 2014)
    text = " ".join(_pages(exports.pdf_bytes(report, user("giamdoc"))))
    for number, table in enumerate(report.tables, 1):
        assert f"{number}. {table.title}" in text
    # A long table's total is printed at its end, not repeated at the foot of each page.
    assert text.count("Tổng cộng") == sum(1 for t in report.tables if t.total)


def test_the_review_in_excel_shows_its_labels_numbers_and_years(client_as, user):
    report = selectors.report_for(user("giamdoc"), "directive40", REVIEW_DAY, 2014)
    reply = client_as("giamdoc").get(f"{REVIEW}&format=xlsx")
    book = load_workbook(io.BytesIO(reply.content))
    summary, *tables = book.worksheets
    assert len(tables) == len(report.tables)  # a table added to the review gets its sheet
    longest = max(len(f.label) for f in report.figures)
    assert longest > 12
    assert summary.column_dimensions["A"].width >= min(longest, excel.WIDEST)
    money = next(c for c in summary["B"] if isinstance(c.value, int) and c.value > 1_000_000)
    assert money.number_format == "#,##0"
    years_seen = 0
    for sheet, table in zip(tables, report.tables, strict=True):
        assert len(sheet.title) <= excel.SHEET_NAME_LIMIT
        kept = sheet.title.removesuffix("…")
        whole = excel.sheet_words(table.title)
        assert whole.startswith(kept.split(". ", 1)[1])
        if sheet.title.endswith("…"):  # cut after a word
            assert f"{kept} " in f"{sheet.title.split('. ', 1)[0]}. {whole} "
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows and "&P" in sheet.oddFooter.right.text
        assert user("giamdoc").office.name in sheet.oddHeader.left.text
        assert sheet.freeze_panes
        header = next(r for r in sheet.iter_rows() if r[0].value == capfirst(table.headers[0]))
        for i, _ in enumerate(table.headers):
            letter = header[i].column_letter
            shown = [str(r[i]) for r in table.rows if i < len(r)]
            widest = max((len(s) for s in shown), default=0)
            assert sheet.column_dimensions[letter].width >= min(widest, excel.WIDEST)
        if not table.rows:
            continue
        body = list(sheet.iter_rows(min_row=header[0].row + 1, max_row=header[0].row + 1))[0]
        for cell, value in zip(body, table.rows[0], strict=False):
            if isinstance(value, str) and re.fullmatch(r"20[0-9]{2}", value):
                assert cell.value == int(value) and cell.number_format == excel.YEAR
                years_seen += 1
            elif isinstance(value, int):
                assert cell.value == value and cell.number_format == "#,##0"
    assert years_seen >= 3  # capital, turnover and jobs by year at least


def test_the_heading_names_the_readers_office_or_the_bank_alone(user):
    office = exports.letterhead(user("giamdoc"))
    assert office == {"issuer": user("giamdoc").office.name, "place": "Hà Nội"}
    assert exports.letterhead(user("admin"))["issuer"] == ""
    ward = exports.letterhead(user("phuong.vinhtuy"))
    assert ward["place"] == "Hà Nội"
    assert exports.letterhead(None) == {"issuer": "", "place": ""}
