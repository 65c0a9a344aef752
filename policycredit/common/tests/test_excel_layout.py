"""A workbook as an office prints and reads it: columns as wide as what they hold, money and
ratios as formatted numbers, years as numbers, sheet names Excel accepts and a person can read,
and the page set up for A4 with the office at the top and page numbers at the foot."""

import datetime
import io
import string
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from policycredit.common import excel

# Workbooks made from values here: no database is read, so the PostgreSQL run would repeat the
# SQLite run's tests exactly.
pytestmark = pytest.mark.same_on_every_engine

LABEL = "Ngân sách quận Hai Bà Trưng ủy thác: vốn ủy thác lũy kế đến ngày 11/06/2024"


def _saved(book: Workbook) -> Workbook:
    buffer = io.BytesIO()
    book.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def _review_like_book() -> Workbook:
    book = excel.workbook(
        "Báo cáo sơ kết Chỉ thị 40",
        ["chỉ tiêu", "giá trị"],
        [[LABEL, 80_627_000_000], ["Tỷ lệ nợ quá hạn (%)", Decimal("1.78")]],
        notes=["Số liệu tính từ lịch sử giao dịch của các khoản vay. " * 4],
        sheet_name="Tổng hợp",
        office="Phòng giao dịch NHCSXH quận Hai Bà Trưng",
    )
    excel.add_sheet(
        book,
        "Vốn theo nguồn vốn và năm",
        ["năm", "Ngân sách quận Hai Bà Trưng ủy thác – trong năm", "tăng trưởng (lần)"],
        [["2014", 2_200_000_000, Decimal("11.60")], ["2015", 2_870_000_000, Decimal("1.25")]],
        total=["Tổng cộng", 5_070_000_000, ""],
        sheet_name="1. Vốn theo nguồn vốn và năm",
        office="PGD Hai Bà Trưng & Hoàng Mai",
    )
    excel.add_sheet(
        book,
        "Vốn ngân sách địa phương ủy thác: tăng trưởng so với năm 2014",
        ["nguồn vốn", *[f"cột {i}" for i in range(12)]],
        [[LABEL, *range(1_000_000_000, 1_000_000_012)]],
        sheet_name="2. Vốn ngân sách địa phương ủy thác: tăng trưởng so với năm 2014",
    )
    return _saved(book)


def test_a_column_is_as_wide_as_its_labels_up_to_the_cap_and_longer_text_wraps():
    summary = _review_like_book().worksheets[0]
    label = next(c for c in summary["A"] if c.value == LABEL)
    assert summary.column_dimensions["A"].width >= min(len(LABEL), excel.WIDEST)
    assert len(LABEL) > excel.WIDEST and label.alignment.wrap_text
    # The money column shows "80,627,000,000" whole.
    assert summary.column_dimensions["B"].width >= len("80,627,000,000")


def test_money_ratios_and_years_are_numbers_with_their_formats():
    sheet = _review_like_book().worksheets[1]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=4)}
    assert rows[2014][0].data_type == "n" and rows[2014][0].number_format == excel.YEAR
    assert rows[2014][1].value == 2_200_000_000 and rows[2014][1].number_format == "#,##0"
    assert rows[2014][2].value == 11.6 and rows[2014][2].number_format == "#,##0.00"
    assert rows["Tổng cộng"][1].number_format == "#,##0" and rows["Tổng cộng"][1].font.b


def test_a_column_that_is_not_all_years_stays_text():
    book = _saved(excel.workbook("t", ["mã"], [["2014"], ["HBT-01"]]))
    assert [c.value for c in book.active["A"][3:]] == ["2014", "HBT-01"]


def test_the_page_is_set_up_for_a4_with_the_office_and_page_numbers():
    summary, narrow, wide = _review_like_book().worksheets
    for sheet in (summary, narrow, wide):
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4  # A4 is paper 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
    assert summary.page_setup.orientation == "portrait"
    assert wide.page_setup.orientation == "landscape"
    assert "Phòng giao dịch NHCSXH quận Hai Bà Trưng" in summary.oddHeader.left.text
    # "&" starts a code in a page's header: the office's own "&" is doubled to print as one.
    assert "Trưng && Hoàng Mai" in narrow.oddHeader.left.text
    # The header row repeats on every printed page and stays in view on screen.
    header_row = 3
    assert narrow.print_title_rows == f"${header_row}:${header_row}"
    assert narrow.freeze_panes == f"A{header_row + 1}"
    assert wide.freeze_panes == f"B{header_row + 1}"  # wide: the row's label stays too


def test_the_title_and_notes_wrap_across_the_table():
    summary = _review_like_book().worksheets[0]
    assert "A2:B2" in {str(r) for r in summary.merged_cells.ranges}
    assert summary["A2"].alignment.wrap_text and summary.row_dimensions[2].height > 15


def test_sheet_names_are_cut_after_a_word_and_kept_apart():
    names = _review_like_book().sheetnames
    assert names[2] == "2. Vốn ngân sách địa phương ủy…"
    assert excel.sheet_title("Dư nợ theo phường / xã") == "Dư nợ theo phường - xã"
    assert excel.sheet_title("Tổng hợp", taken=["tổng hợp"]) == "Tổng hợp (2)"
    assert excel.sheet_title("History") == "History (2)"


WORDS = st.text(alphabet=string.ascii_letters + "ăâđêôơưạảấầẩẫậ", min_size=1, max_size=14)
TITLES = st.lists(
    st.one_of(WORDS, st.sampled_from(["/", ":", "[", "]", "*", "?", "\\", "–", "'"])),
    min_size=1,
    max_size=12,
).map(" ".join)


@given(TITLES, st.lists(TITLES, max_size=4))
def test_any_title_makes_a_sheet_name_excel_accepts(title, others):
    taken = [excel.sheet_title(t) for t in others]
    name = excel.sheet_title(title, taken=taken)
    assert 1 <= len(name) <= excel.SHEET_NAME_LIMIT
    assert not set(name) & set("[]:*?/\\") and not name.startswith("'")
    assert name.casefold() not in {t.casefold() for t in taken}
    Workbook().create_sheet(name)  # openpyxl checks the name as Excel does
    clean = excel.sheet_title(title)
    whole = excel.sheet_words(title)
    if clean.endswith("…"):
        kept = clean[:-1]
        assert whole.startswith(kept)
        # Cut after a whole word, unless a single word is longer than the name may be.
        assert " " not in kept or whole[len(kept) : len(kept) + 1] in set(" –-,;.:(")
    else:
        assert clean == (whole or "-")


def test_dates_keep_their_format_and_width():
    sheet = _saved(
        excel.workbook("t", ["ngày"], [[datetime.date(2024, 6, 11)]], total=["Tổng"])
    ).active
    assert sheet["A4"].number_format == excel.DATE
    assert sheet.column_dimensions["A"].width >= len("11/06/2024")
