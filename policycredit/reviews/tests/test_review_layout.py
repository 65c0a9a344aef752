"""The review as a district reads it on paper: every table fits its page and no figure is cut,
the wide ones on a turned page (or cut into parts by columns when even that is too narrow),
and counts are grouped the Vietnamese way (1.805 jobs, never 1805).

The PDF and the Word file are made for the suite's small district with two ward budgets added
to its three sources: the capital table then has a year column and two for each of five
sources, eleven in all."""

import datetime
import io
import subprocess
from html.parser import HTMLParser

import pytest
from docx import Document as Word
from docx.enum.section import WD_ORIENT

from policycredit.accounts.models import User
from policycredit.capital.models import CapitalSource, EntrustmentDecision, SourceLevel
from policycredit.capital.services import open_decision, save_source
from policycredit.geo.models import AdminUnit, Level, Office
from policycredit.reviews import layout, printed, selectors, word, wording
from policycredit.reviews.figures import Count
from policycredit.reviews.tables import DocTable
from policycredit.reviews.tests.world import REVIEW_DAY

# Where the review's figures land on paper: the engine cannot change a page's width or a table's
# columns, and the figures themselves are the review's, which test_review_document.py and the
# reporting app's tests check on both engines. The PostgreSQL run leaves the layout to SQLite.
pytestmark = [pytest.mark.django_db, pytest.mark.same_on_every_engine]
BIG = "245.000.000.000"


def _table(columns: int, rows: int = 11, text: str = BIG) -> DocTable:
    headers = ["Năm", *(f"Ngân sách phường số {i} ủy thác – lũy kế" for i in range(1, columns))]
    body = [
        [(str(2014 + r), False), *((text, True) for _ in range(1, columns))] for r in range(rows)
    ]
    return DocTable("Vốn theo nguồn vốn và năm", headers, body, [("Tổng cộng", False)] * columns)


def test_a_small_table_stays_upright_in_the_body_type_and_narrower_than_the_page():
    (placed,) = layout.place(_table(2, text="1.805"), printed.PAGES)
    assert not placed.landscape and placed.setting.size == 9.5
    assert placed.width < printed.PAGES.upright


def test_nine_columns_of_hundreds_of_billions_turn_the_page_and_fit_it():
    (placed,) = layout.place(_table(9), printed.PAGES)
    assert placed.landscape and placed.width <= printed.PAGES.turned
    # Each amount's column holds the amount in its type, with the cell's padding.
    least = placed.setting.face.em(BIG) * placed.setting.size + printed.PAGES.padding
    assert min(placed.widths[1:]) >= least - 0.1  # widths are written to a tenth of a point
    (in_word,) = layout.place(_table(9), word.PAGES)
    assert in_word.width <= word.PAGES.turned


def test_a_table_too_wide_even_turned_is_cut_into_parts_each_with_the_year():
    parts = layout.place(_table(25), printed.PAGES)
    assert len(parts) > 1
    assert all(p.landscape and p.width <= printed.PAGES.turned for p in parts)
    assert all(p.table.headers[0] == "Năm" for p in parts)
    assert sum(len(p.table.headers) - 1 for p in parts) == 24  # every column, once
    assert parts[-1].table.title.endswith(f"({len(parts)}/{len(parts)})")


def test_counts_are_grouped_with_dots_and_years_are_not():
    assert str(Count(1805)) == "1.805" and Count(1805) > 1000 and not Count(0)
    context = {"jobs": Count(1805), "year": 2014}
    assert wording.render("{{ jobs }} lao động năm {{ year }}", context) == (
        "1.805 lao động năm 2014"
    )


class _Widths(HTMLParser):
    """The CSS the PDF's page gives its tables: no number there may be written 9,5."""

    def __init__(self):
        super().__init__()
        self.styles = []

    def handle_starttag(self, tag, attrs):
        if tag in ("table", "col"):
            self.styles.append(dict(attrs).get("style", ""))


@pytest.fixture(scope="module")
def review(django_db_setup, django_db_blocker):
    """(the document, its PDF, its Word file) with five capital sources; undone at the end."""
    from django.db import transaction

    class Undone(Exception):
        pass

    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                admin = User.objects.get(username="admin")
                office = Office.objects.get(code="PGD-HBT")
                wards = AdminUnit.objects.filter(level=Level.WARD, parent=office.area)
                for n, ward in enumerate(wards.order_by("code")[:2], 1):
                    source = save_source(
                        actor=admin,
                        instance=CapitalSource(
                            code=f"NS-P{n}",
                            name=f"Ngân sách {ward.name} ủy thác",
                            level=SourceLevel.COMMUNE,
                            unit=ward,
                        ),
                    )
                    for year in range(2014, 2025):
                        open_decision(
                            actor=admin,
                            instance=EntrustmentDecision(
                                source=source,
                                office=office,
                                number=f"{year}/QĐ-UBND-P{n}",
                                date=datetime.date(year, 3, 1),
                                amount=(1_234_000_000 + year) * 7,
                            ),
                        )
                director = User.objects.get(username="giamdoc")
                _template, document = selectors.document_for(director, REVIEW_DAY, 2014)
                yield document, printed.pdf_bytes(document), word.docx_bytes(document)
                raise Undone
        except Undone:
            pass


def _capital(document) -> DocTable:
    tables = [t for s in document.sections for t in s.tables]
    return max(tables, key=lambda t: len(t.headers))


def test_every_amount_of_the_wide_capital_table_is_printed_whole_inside_its_page(review):
    document, pdf, _docx = review
    capital = _capital(document)
    assert len(capital.headers) == 11  # the year, two columns for each of five sources
    bbox = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-bbox", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    words, turned = [], 0
    for page in bbox.split("<page ")[1:]:
        width = float(page.split('width="')[1].split('"')[0])
        height = float(page.split('height="')[1].split('"')[0])
        turned += width > height
        for line in page.split("<word ")[1:]:
            x_max = float(line.split('xMax="')[1].split('"')[0])
            text = line.split(">")[1].split("<")[0]
            words.append(text)
            assert x_max <= width - 10 * printed.MM, (text, x_max, width)
    assert turned, "the wide table is on a turned page"
    amounts = {text for row in capital.rows + [capital.total] for text, number in row if number}
    for amount in amounts:
        assert amount in words, amount


def test_the_word_file_puts_the_wide_table_in_a_landscape_section_it_fits(review):
    document, _pdf, docx = review
    capital = _capital(document)
    file = Word(io.BytesIO(docx))
    assert any(s.orientation == WD_ORIENT.LANDSCAPE for s in file.sections)
    assert file.sections[-1].orientation == WD_ORIENT.PORTRAIT  # the signature is upright
    grid = next(t for t in file.tables if len(t.columns) == len(capital.headers))
    widest = max(s.page_width - s.left_margin - s.right_margin for s in file.sections)
    assert sum(c.width for c in grid.columns) <= widest
    amounts = [text for text, number in capital.total if number]
    assert [c.text for c in grid.rows[-1].cells][1:] == amounts


def test_the_pages_css_is_written_with_points_not_the_locales_decimal_comma(review):
    document, _pdf, _docx = review
    parser = _Widths()
    parser.feed(printed.html(document))
    assert parser.styles and not any("," in s.split("font-family")[0] for s in parser.styles)
