"""The review's figures and tables for one reader, date, base year and unit: the Directive 40
review (`reporting.directive40.build`) read into named figures, the transaction points, and the
last year's summaries of the budgets, the credit plan, the board and the supervision.

The figures of the review are read from its tables by position: each table's columns are laid
down in the module that builds it (capital.py, quality.py, groups.py, turnover.py, jobs.py,
poverty.py) and the tests of this app build the context from a real review, so a column moved
there fails here at once."""

import datetime
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from policycredit.capital.models import SourceLevel
from policycredit.common.selectors import business_date
from policycredit.domain.review import growth, percent
from policycredit.geo.models import AdminUnit, Level, Office
from policycredit.geo.selectors import transaction_points_for
from policycredit.reporting import directive40
from policycredit.reporting.directive40.capital import entrusted
from policycredit.reporting.directive40.context import Review
from policycredit.reporting.exports import PROVINCE_WORDS
from policycredit.reporting.report import Report
from policycredit.reporting.selection import Selection
from policycredit.reviews import summaries
from policycredit.reviews import variables as v
from policycredit.reviews.figures import Amount, Count, ratio_text
from policycredit.reviews.tables import REPORT_KEYS, DocTable, laid_out

# How a unit's name starts; the short name ("Hai Bà Trưng") is what follows.
UNIT_WORDS = ("Quận ", "Huyện ", "Thị xã ", "Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Thị trấn ")


@dataclass(frozen=True)
class Gathered:
    variables: v.Variables
    tables: dict[str, DocTable]
    report: Report


def gather(
    user, as_of: datetime.date, from_year: int, unit: AdminUnit | None, issued_on=None
) -> Gathered:
    report = directive40.build(user, as_of, from_year, unit)
    review = Review.of(user, as_of, from_year, unit)
    tables = {t.key: laid_out(t) for t in report.tables if t.key in REPORT_KEYS}
    points, points_table = _points(user, review.selection)
    tables["transaction_points"] = points_table
    year = as_of.year
    last_year, own_tables = summaries.year_of(user, year, as_of, unit)
    tables.update(own_tables)
    figures = v.Variables(
        area=_area(user, unit, review.selection),
        as_of=as_of,
        issued_on=issued_on or business_date(),
        from_year=review.from_year,
        year=year,
        years=year - review.from_year,
        capital=_capital(review),
        outstanding=_outstanding(report),
        turnover=_turnover(report),
        jobs=_jobs(report),
        poverty=_poverty(report),
        groups=_groups(report),
        points=points,
        **last_year,
    )
    return Gathered(figures, tables, report)


def _short(name: str) -> str:
    for words in UNIT_WORDS:
        if name.startswith(words):
            return name[len(words) :]
    return name


def _area(user, unit, selection: Selection) -> v.Area:
    """The unit the review speaks of: the one chosen, else the reader's own, else the district
    of the one office the reader sees (a head-office reader of several offices: none)."""
    office = None
    if selection.office_ids is not None and len(selection.office_ids) == 1:
        office = Office.objects.select_related("area").get(pk=next(iter(selection.office_ids)))
    elif selection.everything and Office.objects.count() == 1:
        office = Office.objects.select_related("area").get()
    if unit is None and getattr(user, "unit_id", None):
        unit = user.unit
    if unit is None and office is not None:
        unit = office.area
    if unit is None:
        return v.Area(office=office.name if office else "")
    province = unit
    while province.parent_id and province.level != Level.PROVINCE:
        province = province.parent
    province_name = province.name
    for words in PROVINCE_WORDS:
        province_name = province_name.removeprefix(words)
    return v.Area(
        name=_short(unit.name),
        full_name=unit.name,
        province=province_name,
        office=office.name if office else "",
    )


def _growth(base: int, now: int) -> v.Growth:
    added, times = growth(base, now)
    return v.Growth(Amount(base), Amount(now), Amount(added), ratio_text(times))


def _capital(review: Review) -> v.Capital:
    capital = entrusted(review)
    by_level: dict[str, list[int]] = {}
    lines = []
    for s in capital.shown:
        source = review.sources[s]
        base, now = capital.base(s), capital.now(s)
        sums = by_level.setdefault(source.level, [0, 0])
        sums[0] += base
        sums[1] += now
        g = _growth(base, now)
        lines.append(
            v.SourceLine(
                base=g.base,
                now=g.now,
                growth=g.growth,
                times=g.times,
                name=source.name,
                level=str(source.get_level_display()),
                in_year=Amount(capital.by_year[s].get(review.years[-1], 0)),
            )
        )
    local = [lv for lv in by_level if lv != SourceLevel.CENTRAL]
    local_base = sum(by_level[lv][0] for lv in local)
    local_now = sum(by_level[lv][1] for lv in local)
    local = _growth(local_base, local_now)
    central = by_level.get(SourceLevel.CENTRAL, [0, 0])[1]
    return v.Capital(
        total_now=Amount(local_now + central),
        central_now=Amount(central),
        local_now=local.now,
        local_base=local.base,
        local_growth=local.growth,
        local_times=local.times,
        province=_growth(*by_level.get(SourceLevel.PROVINCE, [0, 0])),
        district=_growth(*by_level.get(SourceLevel.DISTRICT, [0, 0])),
        commune=_growth(*by_level.get(SourceLevel.COMMUNE, [0, 0])),
        sources=lines,
    )


def _rows(report: Report, key: str):
    table = next((t for t in report.tables if t.key == key), None)
    return (table.rows, table.total) if table else ([], None)


def _outstanding(report: Report) -> v.Outstanding:
    # summary: outstanding, borrowers, loans, overdue, overdue %, frozen, frozen % (base, now)
    summary = {i: row[1:] for i, row in enumerate(_rows(report, "summary")[0])}
    base, now = summary.get(0, (0, 0))
    g = _growth(base, now)
    programmes = [
        v.ProgrammeLine(
            base=Amount(r[1]),
            now=Amount(r[2]),
            growth=Amount(r[3]),
            times=ratio_text(r[4]),
            name=r[0],
            share=ratio_text(r[5]),
        )
        for r in _rows(report, "outstanding_by_programme")[0]
    ]
    return v.Outstanding(
        base=g.base,
        now=g.now,
        growth=g.growth,
        times=g.times,
        borrowers=Count(summary.get(1, (0, 0))[1]),
        loans=Count(summary.get(2, (0, 0))[1]),
        overdue=Amount(summary.get(3, (0, 0))[1]),
        overdue_ratio=ratio_text(summary.get(4, (0, 0))[1]),
        frozen=Amount(summary.get(5, (0, 0))[1]),
        frozen_ratio=ratio_text(summary.get(6, (0, 0))[1]),
        programmes=programmes,
        programme_count=Count(sum(1 for p in programmes if p.now)),
    )


def _turnover(report: Report) -> v.Turnover:
    # turnover: year, disbursed, principal collected, interest, year-end stock
    rows, total = _rows(report, "turnover")
    last = rows[-1] if rows else [0, 0, 0]
    return v.Turnover(
        lent=Amount(total[1] if total else 0),
        collected=Amount(total[2] if total else 0),
        lent_last_year=Amount(last[1]),
        collected_last_year=Amount(last[2]),
    )


def _jobs(report: Report) -> v.Jobs:
    # jobs_by_year: year, loans, new planned, maintained planned, checked, new verified,
    # maintained verified, new counted, maintained counted
    rows, _total = _rows(report, "jobs_by_year")
    new, maintained = sum(r[7] for r in rows), sum(r[8] for r in rows)
    return v.Jobs(
        new=Count(new),
        maintained=Count(maintained),
        total=Count(new + maintained),
        loans=Count(sum(r[1] for r in rows)),
        years=[v.JobYear(int(r[0]), Count(r[1]), Count(r[7]), Count(r[8])) for r in rows],
    )


def _poverty(report: Report) -> v.Poverty:
    rows, _total = _rows(report, "left_poverty")
    years = [v.PovertyYear(int(r[0]), Count(r[1])) for r in rows]
    return v.Poverty(households=Count(sum(r[1] for r in rows)), years=years)


def _groups(report: Report) -> v.Groups:
    # group_quality: class, groups, share, ... in the order good, fair, average, weak
    rows, total = _rows(report, "group_quality")
    counts = [r[1] for r in rows] + [0] * (4 - len(rows))
    saving = _rows(report, "savings")[0]
    members, balance = (saving[0][1], saving[0][2]) if saving else (0, 0)
    groups_total = total[1] if total else 0
    return v.Groups(
        total=Count(groups_total),
        good=Count(counts[0]),
        fair=Count(counts[1]),
        average=Count(counts[2]),
        weak=Count(counts[3]),
        good_share=ratio_text(percent(counts[0], groups_total)),
        members_saving=Count(members),
        savings=Amount(balance),
    )


def _points(user, selection: Selection) -> tuple[v.Points, DocTable]:
    """The transaction points in operation where the review looks: the bank's counter at the
    ward, on its fixed day of the month."""
    points = transaction_points_for(user).filter(active=True).select_related("ward")
    if selection.office_ids is not None:
        points = points.filter(office_id__in=selection.office_ids)
    if selection.ward_ids is not None:
        points = points.filter(ward_id__in=selection.ward_ids)
    points = list(points.order_by("ward__name", "name"))
    table = DocTable(
        _("Transaction points in operation"),
        [capfirst(_("transaction point")), capfirst(_("ward")), capfirst(_("day of the month"))],
        [[(p.name, False), (p.ward.name, False), (str(p.day_of_month), True)] for p in points],
    )
    figures = v.Points(
        count=Count(len(points)),
        wards=Count(len({p.ward_id for p in points})),
        names=", ".join(p.name for p in points),
    )
    return figures, table
