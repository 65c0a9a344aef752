"""A computed report as an Excel workbook (a sheet of headline figures and notes, then one
sheet per table, each laid out by `common.excel`) and as a PDF (WeasyPrint through
`common.pdf`, with the charts drawn as SVG so the PDF needs no script), both filed as the office
files paper: the bank's and the office's heading, the national motto, the place and date, the
signatures and numbered pages (`web/_document_head.html` and its companions)."""

import datetime
from decimal import Decimal

from django.test import RequestFactory
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook

from policycredit.accounts.selectors import scope_of
from policycredit.common import excel
from policycredit.common.pdf import pdf_response
from policycredit.common.selectors import business_date
from policycredit.domain.money import format_vnd
from policycredit.geo.models import Level, Office
from policycredit.reporting.report import Chart, Report


def workbook(report: Report, reader=None) -> Workbook:
    office = letterhead(reader)["issuer"]
    book = excel.workbook(
        report.title,
        [capfirst(_("indicator")), capfirst(_("value"))],
        [[f.label, f.value] for f in report.figures],
        notes=report.notes,
        sheet_name=_("Summary"),
        office=office,
    )
    for i, table in enumerate(report.tables, 1):
        excel.add_sheet(
            book,
            table.title,
            [capfirst(h) for h in table.headers],
            table.rows,
            total=table.total,
            sheet_name=f"{i}. {table.title}",
            office=office,
        )
    return book


def xlsx_response(report: Report, filename: str, reader=None):
    return excel.response(workbook(report, reader), f"{filename}.xlsx")


def letterhead(reader) -> dict:
    """Who issues the printed report and where: the reader's bank office (an office's staff,
    or the one office a district's officer sees), its area as the place. Others (the head
    office, a ward, an organisation) print under the bank's name alone, with their own unit
    as the place when they have one."""
    offices = Office.objects.select_related("area__parent")
    office = None
    if reader is not None and getattr(reader, "office_id", None):
        office = offices.get(pk=reader.office_id)
    elif reader is not None:
        seen = scope_of(reader).office_ids or ()
        if len(seen) == 1:
            office = offices.get(pk=next(iter(seen)))
    if office is not None:
        return {"issuer": office.name, "place": _place(office.area)}
    unit = reader.unit if reader is not None and getattr(reader, "unit_id", None) else None
    return {"issuer": "", "place": _place(unit) if unit else ""}


# How a province or city is named on a document's date line: "Hà Nội, ngày …", not "Thành phố
# Hà Nội, ngày …" (the names are the statistics office's, in Vietnamese whatever the language).
PROVINCE_WORDS = ("Thành phố ", "Tỉnh ")


def _place(unit) -> str:
    """The province of an office's area (a district's name went with the 2025 reform; the
    province's stays), or the unit itself when it is one."""
    province = unit
    while province.parent_id and province.level != Level.PROVINCE:
        province = province.parent
    name = province.name
    for words in PROVINCE_WORDS:
        if name.startswith(words):
            return name[len(words) :]
    return name


def signers(reader) -> list[tuple[str, str, str]]:
    """Who signs a report: whoever prepared it (named when the reader has a name on file), the
    one who checks it and the director, under the office's seal."""
    name = reader.get_full_name() if reader is not None else ""
    return [
        (_("Prepared by"), _("(signature, full name)"), name),
        (_("Checked by"), _("(signature, full name)"), ""),
        (_("Director"), _("(signature, seal)"), ""),
    ]


def pdf(request, report: Report, filename: str, issued_on: datetime.date | None = None):
    reader = request.user if getattr(request, "user", None) is not None else None
    reader = reader if reader is not None and reader.is_authenticated else None
    context = {
        "report": report,
        "tables": [printed_table(t) for t in report.tables],
        "charts": [svg_chart(c) for c in report.charts],
        **letterhead(reader),
        "issued_on": issued_on or business_date(),
        "signers": signers(reader),
    }
    return pdf_response(request, "reporting/print.html", context, filename)


def printed_table(table) -> dict:
    """A table as the PDF lays it out: each cell's text as on screen and whether it is a number
    (right-aligned, never wrapped); text wraps, so a wide list of names still fits the page."""

    def cells(row):
        return [(cell(v), _is_number(v)) for v in row]

    return {
        "title": table.title,
        "headers": [capfirst(h) for h in table.headers],
        "rows": [cells(r) for r in table.rows],
        "total": cells(table.total) if table.total else None,
        "narrow": len(table.headers) < 4,
    }


def _is_number(value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def pdf_bytes(report: Report, reader=None) -> bytes:
    """The same PDF outside a request (the console command, the worker)."""
    request = RequestFactory().get("/")
    if reader is not None:
        request.user = reader
    return pdf(request, report, report.name).content


COLOURS = ("#b91c1c", "#1d4ed8", "#15803d", "#a16207")


def svg_chart(chart: Chart, width: int = 680, height: int = 220) -> str:
    """Grouped bars, one group per label, with a legend; values in billions of đồng when
    they are money."""
    top = max([v or 0 for _name, values in chart.series for v in values] or [0]) or 1
    left, bottom, plot_h = 60, 30, height - 60
    group_w = (width - left - 10) / max(len(chart.labels), 1)
    bar_w = max(group_w * 0.8 / max(len(chart.series), 1), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans" font-size="9">',
        f'<text x="{left}" y="12" font-size="10" font-weight="bold">{_esc(chart.title)}</text>',
    ]
    money = top >= 10_000_000
    for step in range(5):
        value = top * step // 4
        y = height - bottom - plot_h * step / 4  # pixels, not money
        label = format_vnd(value // 1_000_000_000 if money else value, unit="")
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        parts.append(f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end">{label}</text>')
    for i, label in enumerate(chart.labels):
        x0 = left + i * group_w + group_w * 0.1
        for j, (_name, values) in enumerate(chart.series):
            value = values[i] or 0
            h = plot_h * value / top
            parts.append(
                f'<rect x="{x0 + j * bar_w:.1f}" y="{height - bottom - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[j % len(COLOURS)]}"/>'
            )
        parts.append(
            f'<text x="{x0 + group_w * 0.4:.1f}" y="{height - bottom + 12}" text-anchor="middle">'
            f"{_esc(label)}</text>"
        )
    for j, (name, _values) in enumerate(chart.series):
        x = left + j * 200
        colour = COLOURS[j % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{height - 10}" width="8" height="8" fill="{colour}"/>')
        suffix = _(" (billion đồng)") if money else ""
        parts.append(f'<text x="{x + 12}" y="{height - 2}">{_esc(name)}{_esc(suffix)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell(value) -> str:
    """How a cell reads on screen and in print: money grouped the Vietnamese way."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return format_vnd(value, unit="")
    return str(value).replace(".", ",") if _decimal_text(value) else str(value)


def _decimal_text(value) -> bool:

    return isinstance(value, Decimal)
