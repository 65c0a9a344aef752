"""The review as a PDF: the same document as the Word file, through WeasyPrint. Each table is
placed by `layout` for these pages: A4 upright with the margins of the template
(30 mm left, 15 mm right), or turned (20 mm at each side) for a table too wide for it."""

from django.template.loader import render_to_string
from django.test import RequestFactory

from policycredit.common.pdf import pdf_from_html
from policycredit.reviews import layout
from policycredit.reviews.document import Document

MM = 72 / 25.4
PAGES = layout.Medium(
    upright=(210 - 30 - 15) * MM,
    turned=(297 - 20 - 20) * MM,
    padding=8,  # 3 pt each side and the rule (templates/reviews/document.html)
    settings=(
        layout.Setting(False, 9.5, layout.SANS),
        layout.Setting(False, 9, layout.CONDENSED),
        layout.Setting(False, 8, layout.CONDENSED),
        layout.Setting(True, 9.5, layout.SANS),
        layout.Setting(True, 9, layout.CONDENSED),
        layout.Setting(True, 8, layout.CONDENSED),
        layout.Setting(True, 7, layout.CONDENSED),
    ),
    split=layout.Setting(True, 8, layout.CONDENSED),
)


def html(document: Document) -> str:
    sections = [
        (section, [p for table in section.tables for p in layout.place(table, PAGES)])
        for section in document.sections
    ]
    return render_to_string("reviews/document.html", {"document": document, "sections": sections})


def pdf_bytes(document: Document) -> bytes:
    # Outside a request (the console, the worker) as inside one: the page links to nothing.
    return pdf_from_html(RequestFactory().get("/"), html(document), document.filename).content
