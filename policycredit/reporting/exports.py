"""A computed report as an Excel workbook (a sheet of headline figures and notes, then one
sheet per table, each made by `web.excel`) and as a PDF (WeasyPrint through `web.pdf`, with
the charts drawn as SVG so the PDF needs no script)."""

from copy import copy
from decimal import Decimal

from django.test import RequestFactory
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from openpyxl import Workbook

from policycredit.common import excel
from policycredit.common.pdf import pdf_response
from policycredit.domain.money import format_vnd
from policycredit.reporting.report import Chart, Report


def workbook(report: Report) -> Workbook:
    book = excel.workbook(
        report.title,
        [_("indicator"), _("value")],
        [[f.label, f.value] for f in report.figures],
        notes=report.notes,
        sheet_name=_sheet_name(_("Summary")),
    )
    for i, table in enumerate(report.tables, 1):
        name = _sheet_name(f"{i}. {table.title}")
        part = excel.workbook(
            table.title, table.headers, table.rows, total=table.total, sheet_name=name
        )
        _copy_sheet(part.active, book.create_sheet(name))
    return book


def _sheet_name(text: str) -> str:
    """Excel refuses []:*?/\\ in a sheet's name and more than 31 characters."""
    return "".join(" " if c in "[]:*?/\\" else c for c in text)[:31]


def _copy_sheet(source, target) -> None:
    for row in source.iter_rows():
        for cell in row:
            # Assigning the value again would make text that starts with "=" a formula.
            copied = excel.as_text(target.cell(row=cell.row, column=cell.column, value=cell.value))
            if cell.has_style:
                copied.font = copy(cell.font)
                copied.alignment = copy(cell.alignment)
                copied.number_format = cell.number_format
    for key, dimension in source.column_dimensions.items():
        target.column_dimensions[key].width = dimension.width
    target.freeze_panes = source.freeze_panes


def xlsx_response(report: Report, filename: str):
    return excel.response(workbook(report), f"{filename}.xlsx")


def pdf(request, report: Report, filename: str):
    context = {"report": report, "charts": [svg_chart(c) for c in report.charts]}
    return pdf_response(request, "reporting/print.html", context, filename)


def pdf_bytes(report: Report) -> bytes:
    """The same PDF outside a request (the console command)."""
    return pdf(RequestFactory().get("/"), report, report.name).content


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
