"""What a report is once computed: a title, notes, headline figures, tables and a chart — the
one shape that the screen, the Excel workbook, the PDF and the JSON of the console all render."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    total: list | None = None
    links: list[str | None] = field(default_factory=list)  # the list behind each row
    key: str = ""

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "headers": self.headers,
            "rows": [[_plain(c) for c in r] for r in self.rows],
            "total": [_plain(c) for c in self.total] if self.total else None,
        }


def total_row(label: str, rows: list[list], width: int, summed) -> list:
    """A table's total line: ``label`` first, the sum of the rows in each column of ``summed``,
    blanks elsewhere."""
    summed = set(summed)
    return [label, *[sum(r[i] for r in rows) if i in summed else "" for i in range(1, width)]]


@dataclass
class Figure:
    label: str
    value: int | Decimal | str
    href: str = ""
    key: str = ""
    unit: str = "vnd"  # vnd | number | percent


@dataclass
class Chart:
    """Bars (or a line) by label; ``links`` sends a click on a label to the list behind it."""

    key: str
    title: str
    labels: list[str]
    series: list[tuple[str, list]]
    links: list[str] = field(default_factory=list)
    kind: str = "bar"


@dataclass
class Report:
    name: str
    title: str
    as_of: datetime.date
    notes: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    read_from: str = ""  # "rollup" or "loans": where the figures came from

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "read_from": self.read_from,
            "notes": self.notes,
            "figures": [
                {"key": f.key, "label": f.label, "value": _plain(f.value)} for f in self.figures
            ],
            "tables": [t.as_json() for t in self.tables],
            "charts": [
                {
                    "key": c.key,
                    "title": c.title,
                    "labels": c.labels,
                    "series": [[n, [_plain(v) for v in vs]] for n, vs in c.series],
                }
                for c in self.charts
            ],
        }


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if value is None or isinstance(value, (int, str, float)) else str(value)
