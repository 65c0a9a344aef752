"""The review as a Word file, laid out the way Vietnamese administrative documents are (Decree
30/2020/NĐ-CP): A4 portrait, Times New Roman 13 pt, the heading as a borderless two-column table
(the issuing body left, the national name and motto right), the number under the issuer, the
place and date, the title, the sections as paragraphs, the tables as real Word tables with
amounts right-aligned, and the signature block beside the recipients. Each table is placed by
`layout` for these pages: its type size and fixed column widths that fit the text width, in a
landscape section of its own when too wide for the upright page, kept on one page when short.

Real tables and plain paragraphs, no text boxes: the district edits this file into its next
review."""

import io

from docx import Document as Word
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from policycredit.reviews import layout
from policycredit.reviews.document import Document

FONT = "Times New Roman"
SIZE = Pt(13)
MM = 72 / 25.4
CELL_MARGIN = 57  # twentieths of a point (1 mm) at each side of a table's cell text
PAGES = layout.Medium(
    upright=(210 - 30 - 15) * MM,
    turned=(297 - 20 - 20) * MM,
    padding=2 * CELL_MARGIN / 20 + 1.5,  # the cell's margins and rules
    settings=(
        layout.Setting(False, 10, layout.TIMES),
        layout.Setting(False, 9, layout.TIMES),
        layout.Setting(False, 8, layout.TIMES),
        layout.Setting(True, 10, layout.TIMES),
        layout.Setting(True, 9, layout.TIMES),
        layout.Setting(True, 8, layout.TIMES),
        layout.Setting(True, 7, layout.TIMES),
    ),
    split=layout.Setting(True, 8, layout.TIMES),
)


def docx_bytes(document: Document) -> bytes:
    word = Word()
    _page(word)
    _heading(word, document)
    for number, line in enumerate(document.title):
        p = _paragraph(word, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        if number == 0:
            p.paragraph_format.space_before = Pt(12)
            p.runs[0].font.size = Pt(14)
    for section in document.sections:
        _turn(word, landscape=False)
        heading = _paragraph(word, section.heading, bold=True)
        heading.paragraph_format.space_before = Pt(6)
        heading.paragraph_format.keep_with_next = True
        for text in section.paragraphs:
            p = _paragraph(word, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            p.paragraph_format.first_line_indent = Cm(1)
        for table in section.tables:
            for placed in layout.place(table, PAGES):
                _turn(word, landscape=placed.landscape)
                _table(word, placed)
    _turn(word, landscape=False)
    # The signature never stands alone at the top of a page: the last paragraph comes with it.
    word.paragraphs[-1].paragraph_format.keep_with_next = True
    _signature(word, document)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page(word) -> None:
    _orient(word.sections[0], landscape=False)
    style = word.styles["Normal"]
    style.font.name = FONT
    style.font.size = SIZE
    # Word picks the font of Vietnamese letters from the East Asian and complex slots too.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi"):
        fonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.line_spacing = 1.1


def _orient(section, *, landscape: bool) -> None:
    if landscape:
        # A4 turned, bound at its top edge (the upright pages' left).
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(25), Mm(20)
        section.left_margin = section.right_margin = Mm(20)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)


def _turn(word, *, landscape: bool) -> None:
    """A new section on a new page where the page turns; none where it does not."""
    if (word.sections[-1].orientation == WD_ORIENT.LANDSCAPE) != landscape:
        _orient(word.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)


def _paragraph(container, text, *, bold=False, italic=False, align=None, size=None):
    p = container.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = size
    if align is not None:
        p.alignment = align
    return p


def _cell_lines(cell, lines, *, bold_from=0, underline_last=False, size=None, italic=False):
    """Lines into a table cell, centred; lines from ``bold_from`` bold."""
    for i, text in enumerate(lines):
        # A new cell holds one empty paragraph: the first line goes there.
        fresh = len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs
        p = cell.paragraphs[0] if fresh else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold = i >= bold_from
        run.italic = italic
        run.underline = underline_last and i == len(lines) - 1
        run.font.size = size or Pt(12)
    return cell


def _borderless(table) -> None:
    # No style named: the document's default table draws no borders.
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False


def _heading(word, document: Document) -> None:
    table = word.add_table(rows=1, cols=2)
    _borderless(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    # The issuing body: the governing one first, the issuer itself in bold under it.
    _cell_lines(left, document.issuer, bold_from=max(len(document.issuer) - 1, 0))
    if document.number:
        _cell_lines(left, [""])  # a blank line under the issuer
        left.paragraphs[-1].add_run(document.number).font.size = Pt(13)
    _cell_lines(right, document.motto, underline_last=True)
    p = _paragraph(word, document.place_and_date, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    p.paragraph_format.space_before = Pt(6)


def _table(word, placed: layout.Placed) -> None:
    table = placed.table
    title = _paragraph(word, table.title, bold=True, italic=True, size=Pt(12))
    title.paragraph_format.keep_with_next = True
    title.paragraph_format.space_before = Pt(6)
    rows = table.rows + ([table.total] if table.total else [])
    grid = word.add_table(rows=1 + len(rows), cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _cell_margins(grid)
    size = Pt(placed.setting.size)
    _table_width(grid, placed.width)
    for column, width in zip(grid.columns, placed.widths, strict=True):
        column.width = Pt(width)
        for cell in column.cells:
            cell.width = Pt(width)
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        _write(cell, text, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(grid.rows[0])
    for i, row in enumerate(rows, 1):
        total = table.total is not None and i == len(rows)
        for cell, (text, number) in zip(grid.rows[i].cells, row, strict=False):
            align = WD_ALIGN_PARAGRAPH.RIGHT if number else WD_ALIGN_PARAGRAPH.LEFT
            _write(cell, text, size, bold=total, align=align)
    for i, row in enumerate(grid.rows):
        _row_property(row, "w:cantSplit")
        # Word keeps a table on one page when each row's text keeps with the next row.
        if placed.keep and i < len(grid.rows) - 1:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True


def _table_width(grid, points: float) -> None:
    width = grid._tbl.tblPr.find(qn("w:tblW"))
    if width is not None:
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(int(points * 20)))


def _cell_margins(grid) -> None:
    """Narrow cell margins, the ones `PAGES.padding` counts on."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(CELL_MARGIN))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = grid._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    # The schema orders a table's properties: the cell margins come before tblLook.
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _write(cell, text, size, *, bold=False, align=None):
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    run = p.add_run(text)
    run.bold = bold
    run.font.size = size


def _repeat_header(row) -> None:
    """The header row again at the top of each page a long table runs onto."""
    _row_property(row, "w:tblHeader")


def _row_property(row, name: str) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(properties.makeelement(qn(name), {qn("w:val"): "true"}))


def _signature(word, document: Document) -> None:
    table = word.add_table(rows=1, cols=2)
    _borderless(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9)
    _row_property(table.rows[0], "w:cantSplit")
    if document.recipients:
        head, *rest = document.recipients
        p = left.paragraphs[0]
        run = p.add_run(head)
        run.bold, run.italic = True, True
        run.font.size = Pt(12)
        for text in rest:
            q = left.add_paragraph()
            q.paragraph_format.space_after = Pt(0)
            q.add_run(text).font.size = Pt(11)
    _cell_lines(right, document.signature_title, size=Pt(13))
    for _blank in range(4):
        right.add_paragraph()
    if document.signer:
        _cell_lines(right, [""])
        run = right.paragraphs[-1].add_run(document.signer)
        run.bold = True
