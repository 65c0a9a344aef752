"""Where a review's table sits on the page and how wide each column is, for the PDF and the Word
file alike. A figure never wraps and is never cut, so a table takes the first setting of its
file in which every column's figures fit the text width: upright in the body's table type, then
in smaller or narrower type, then on a landscape page (A4 turned, as a district prints a wide
table), and when even that is too narrow — a district with many budget sources — the table is
cut into parts by columns, each part repeating the first column (the year, the source).

Text is measured by the typeface's widths by kind of character, in ems, bold for the headers
and the totals. A label's words may wrap, a very long word may break; a header wraps onto at
most about three lines before its column is made wider. A short table is kept on one page."""

import math
from dataclasses import dataclass

from policycredit.reviews.tables import DocTable

LONGEST_WORD = 9.0  # ems: a longer word of a label breaks rather than widening its column
LABEL = 7.0  # ems: a column of long labels is never narrower (two or three words a line)
HEADER_LINES = 3
SPARE = 1.03  # the measure is by kind of character, not by letter: a little to spare


@dataclass(frozen=True)
class Face:
    """A typeface's bold widths, in ems, by kind of character."""

    name: str
    digit: float
    stop: float  # . , : and the space
    lower: float
    upper: float
    bold: float  # how much wider the bold face is (headers and totals are bold)

    def em(self, text: str, *, bold: bool = False) -> float:
        total = 0.0
        for ch in text:
            if ch.isdigit():
                total += self.digit
            elif ch in " .,:;'|!":
                total += self.stop
            elif ch.isupper():
                total += self.upper
            else:
                total += self.lower
        return total * SPARE * (self.bold if bold else 1.0)


# From the fonts' own metrics (DejaVu Sans and DejaVu Sans Condensed, regular and bold), the
# PDF's table type; Times New Roman's published widths, a little rounded up, for the Word file.
SANS = Face("DejaVu Sans", digit=0.636, stop=0.318, lower=0.575, upper=0.692, bold=1.094)
CONDENSED = Face(
    "DejaVu Sans Condensed", digit=0.572, stop=0.286, lower=0.517, upper=0.622, bold=1.094
)
TIMES = Face("Times New Roman", digit=0.5, stop=0.25, lower=0.47, upper=0.7, bold=1.05)


@dataclass(frozen=True)
class Setting:
    landscape: bool
    size: float  # points
    face: Face


@dataclass(frozen=True)
class Medium:
    """A file's pages: the text width upright and turned (points), what a cell adds to its
    text (padding and rules), the settings to try, best first, and the one a table too wide
    for them all is cut into parts in."""

    upright: float
    turned: float
    padding: float
    settings: tuple[Setting, ...]
    split: Setting
    keep_rows: int = 12  # a short table is kept whole; a longer one runs on, its header repeated

    def width(self, setting: Setting) -> float:
        return self.turned if setting.landscape else self.upright


@dataclass(frozen=True)
class Placed:
    table: DocTable
    setting: Setting
    widths: tuple[float, ...]  # of the columns, in points
    keep: bool  # short: kept whole on one page with its title

    @property
    def landscape(self) -> bool:
        return self.setting.landscape

    @property
    def width(self) -> float:
        return sum(self.widths)

    # For the PDF's CSS: written here, not by the template, whose locale writes 9,5.
    @property
    def css_size(self) -> str:
        return f"{self.setting.size:.1f}pt"

    @property
    def css_width(self) -> str:
        return f"{self.width:.1f}pt"

    @property
    def css_widths(self) -> list[str]:
        return [f"{w:.1f}pt" for w in self.widths]


@dataclass(frozen=True)
class _Column:
    least: float  # ems: the widest figure, the longest word
    want: float  # ems: every label on one line, the header on at most three


def place(table: DocTable, medium: Medium) -> list[Placed]:
    """The table placed in the first setting it fits; else its parts, cut by columns. A page
    is turned only when the labels squeezed to their longest word do not make it fit upright."""
    upright = [s for s in medium.settings if not s.landscape]
    turned = [s for s in medium.settings if s.landscape]
    for settings in (upright, turned):
        for label in (LABEL, LABEL / 2, 0.0):
            for setting in settings:
                widths = _widths(_columns(table, setting.face, label), setting, medium)
                if widths is not None:
                    return [_placed(table, setting, widths, medium)]
    split = medium.split
    return [
        _placed(part, split, _widths(_columns(part, split.face), split, medium, force=True), medium)
        for part in _parts(table, medium)
    ]


def _placed(table, setting, widths, medium) -> Placed:
    rows = len(table.rows) + (1 if table.total else 0)
    # Down to a tenth of a point, as the CSS writes them: never wider than the page.
    widths = tuple(math.floor(w * 10) / 10 for w in widths)
    return Placed(table, setting, widths, keep=rows <= medium.keep_rows)


def _columns(table: DocTable, face: Face, label: float = 0.0) -> list[_Column]:
    columns = []
    body = [(row, False) for row in table.rows] + ([(table.total, True)] if table.total else [])
    for i, header in enumerate(table.headers):
        words = [face.em(w, bold=True) for w in header.split()] or [0.0]
        least = min(max(words), LONGEST_WORD)
        want = max(least, face.em(header, bold=True) / HEADER_LINES)
        for row, bold in body:
            if i >= len(row):
                continue
            text, number = row[i]
            if number:
                least = max(least, face.em(text, bold=bold))
            else:
                longest = max((face.em(w, bold=bold) for w in text.split()), default=0.0)
                whole = face.em(text, bold=bold)
                least = max(least, min(longest, LONGEST_WORD), min(whole, label))
            want = max(want, least, face.em(text, bold=bold))
        columns.append(_Column(least, want))
    return columns


def _widths(columns, setting: Setting, medium: Medium, *, force=False):
    """Each column's width in points: at least its figures, then the room left shared out
    towards each one's wish; a table with little in it stays narrower than the page."""
    room = medium.width(setting)
    least = [c.least * setting.size + medium.padding for c in columns]
    want = [c.want * setting.size + medium.padding for c in columns]
    if sum(least) > room and not force:
        return None
    target = max(min(room, max(sum(want) * 1.1, room / 2)), sum(least))
    extra = target - sum(least)
    short = [w - s for w, s in zip(want, least, strict=True)]
    if extra <= sum(short):
        share = extra / sum(short) if sum(short) else 0.0
        return [s + d * share for s, d in zip(least, short, strict=True)]
    more = (extra - sum(short)) / sum(want)
    return [w * (1 + more) for w in want]


def _parts(table: DocTable, medium: Medium) -> list[DocTable]:
    """The table cut by columns where the split setting fits, the first column in each."""
    setting = medium.split
    columns = _columns(table, setting.face)
    least = [c.least * setting.size + medium.padding for c in columns]
    room = medium.width(setting) - least[0]
    groups, current, used = [], [], 0.0
    for i in range(1, len(columns)):
        if current and used + least[i] > room:
            groups.append(current)
            current, used = [], 0.0
        current.append(i)
        used += least[i]
    if current:
        groups.append(current)

    def pick(row, keep):
        return [row[0], *(row[i] for i in keep if i < len(row))]

    return [
        DocTable(
            title=f"{table.title} ({n}/{len(groups)})",
            headers=pick(table.headers, keep),
            rows=[pick(r, keep) for r in table.rows],
            total=pick(table.total, keep) if table.total else None,
        )
        for n, keep in enumerate(groups, 1)
    ]
