"""The quality grading report: savings-and-loan groups, transaction points and mass-organisation
units graded as of a date by the bank's scales in force on it (`inspections.QualityRule`,
graded by `domain.quality`), the count per grade, and the scales printed beneath.

What each subject is graded on, all of it within the user's selection:
- a group: its loans' balance and overdue principal on the day and, where the scale judges it,
  the grade of its 16/TD inspection in the day's year;
- a transaction point: the balance and overdue of the loans of the groups that bank there,
  and its sessions of the twelve months up to the day not held on their scheduled day (after
  the shifting rule; a session moved to another day was not held on its own). Sessions before
  the first day the point's transaction days were kept here are not known, and not held
  against it;
- an organisation unit: the balance and overdue of the loans of the groups it manages (the
  ratio the entrustment fee's quality factor reads).

The figures are the loans' own (`portfolio.LiveBook`), as the overdue list reads them: a
district's few thousand loans on any day.
"""

import datetime
from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from policycredit.calendar.selectors import YearData
from policycredit.domain.quality import Facts
from policycredit.domain.quality import grade as grade_of
from policycredit.domain.review import percent
from policycredit.geo.models import TransactionPoint
from policycredit.inspections.models import Grade, Subject
from policycredit.inspections.selectors import Scale, inspection_grades, scale_in_force
from policycredit.network.models import MassOrganisation, SavingsGroup
from policycredit.reporting.directive40 import QUALITY, day_param, ward_names
from policycredit.reporting.portfolio import LiveBook
from policycredit.reporting.report import Report, Table
from policycredit.reporting.selection import selection_for
from policycredit.transactiondays.models import TransactionDay

NOT_GRADED = "–"


def quality(user, as_of, from_year=None, unit=None) -> Report:
    selection = selection_for(user, unit, as_of)
    title = _("Quality grading as of %(day)s") % {"day": day_param(as_of)}
    if unit is not None:
        title = f"{title} – {unit.name}"
    report = Report(name="quality", title=title, as_of=as_of, notes=list(selection.mapping))
    scales = {s: scale_in_force(s, as_of) for s in Subject.values}
    book = LiveBook(selection, [as_of])
    figures = _by_group(book, as_of)
    groups = SavingsGroup.objects.filter(id__in=list(figures)).select_related(
        "organisation", "transaction_point"
    )
    groups = {g.pk: g for g in groups}
    names = ward_names(as_of)

    tables = [
        _groups_table(figures, groups, scales[Subject.GROUP], as_of, names),
        _points_table(figures, groups, scales[Subject.POINT], as_of, names),
        _units_table(figures, groups, scales[Subject.ORGANISATION]),
    ]
    report.tables = [_counts_table(tables), *tables, _rules_table(scales)]
    report.read_from = "loans"
    for scale in scales.values():
        if not scale:
            report.notes.append(_problem(scale, as_of))
    report.notes.append(
        _(
            "Each is graded by the scale in force on %(day)s (beneath). A criterion with no "
            "figure (a group not inspected this year, sessions before the point's days were "
            "kept here) is not held against it."
        )
        % {"day": day_param(as_of)}
    )
    return report


def _by_group(book: LiveBook, day: datetime.date) -> dict:
    """{group: [outstanding, overdue]} of the groups with a balance on the day."""
    return {k: [out, overdue] for k, (out, overdue, _i) in book.group_figures(day).items()}


def _grade(scale: Scale, facts: Facts) -> str:
    return grade_of(facts, scale.bands) if scale else NOT_GRADED


def _label(grade: str) -> str:
    return QUALITY.get(grade, grade)


def _groups_table(figures, groups, scale, day, names) -> Table:
    inspected = inspection_grades(list(figures), day)
    rows = []
    for group_id, (out, overdue) in sorted(figures.items(), key=lambda i: groups[i[0]].code):
        group = groups[group_id]
        at_inspection = inspected.get(group_id)
        grade = _grade(scale, Facts(out, overdue, inspection=at_inspection))
        rows.append(
            [
                group.code,
                group.name,
                names(group.transaction_point.ward_id),
                group.organisation.name,
                out,
                overdue,
                percent(overdue, out),
                _label(at_inspection) if at_inspection else NOT_GRADED,
                _label(grade),
            ]
        )
    return Table(
        _("Savings-and-loan groups"),
        [
            _("group code"),
            _("group"),
            _("ward"),
            _("managing organisation"),
            _("outstanding"),
            _("overdue principal"),
            _("overdue ratio (%)"),
            _("16/TD grade in %(year)s") % {"year": day.year},
            _("grade"),
        ],
        rows,
        _total(rows, 4, 5),
        key="groups",
    )


def _points_table(figures, groups, scale, day, names) -> Table:
    by_point = defaultdict(lambda: [0, 0])
    for group_id, (out, overdue) in figures.items():
        row = by_point[groups[group_id].transaction_point_id]
        row[0] += out
        row[1] += overdue
    points = TransactionPoint.objects.in_bulk(list(by_point))
    sessions = _sessions(list(points.values()), day)
    rows = []
    for point in sorted(points.values(), key=lambda p: (names(p.ward_id), p.code)):
        out, overdue = by_point[point.pk]
        due, missed = sessions[point.pk]
        grade = _grade(scale, Facts(out, overdue, missed=missed))
        rows.append(
            [
                point.code,
                point.name,
                names(point.ward_id),
                out,
                overdue,
                percent(overdue, out),
                due if missed is not None else NOT_GRADED,
                missed if missed is not None else NOT_GRADED,
                _label(grade),
            ]
        )
    return Table(
        _("Transaction points"),
        [
            _("point code"),
            _("transaction point"),
            _("ward"),
            _("outstanding"),
            _("overdue principal"),
            _("overdue ratio (%)"),
            _("sessions due in the 12 months"),
            _("not held on their day"),
            _("grade"),
        ],
        rows,
        _total(rows, 3, 4),
        key="points",
    )


def _sessions(points: list, day: datetime.date) -> dict:
    """{point: (sessions due, sessions not held on their day)} in the twelve months up to the
    day, from the point's first kept transaction day on; (0, None) when none was kept."""
    start = (
        day.replace(year=day.year - 1)
        if (day.month, day.day) != (2, 29)
        else (day - datetime.timedelta(days=365))
    )
    held = defaultdict(set)
    first = {}
    for point_id, date in TransactionDay.objects.filter(
        point_id__in=[p.pk for p in points], date__lte=day
    ).values_list("point_id", "date"):
        held[point_id].add(date)
        first[point_id] = min(first.get(point_id, date), date)
    data = YearData(start.year, day.year, [p.pk for p in points])
    out = {}
    for point in points:
        if point.pk not in first:
            out[point.pk] = (0, None)
            continue
        due = [
            s
            for year in range(start.year, day.year + 1)
            for s in data.sessions(point, year)
            if start < s.scheduled <= day and s.scheduled >= first[point.pk]
        ]
        out[point.pk] = (len(due), sum(s.scheduled not in held[point.pk] for s in due))
    return out


def _units_table(figures, groups, scale) -> Table:
    by_unit = defaultdict(lambda: [0, 0])
    for group_id, (out, overdue) in figures.items():
        row = by_unit[groups[group_id].organisation_id]
        row[0] += out
        row[1] += overdue
    units = MassOrganisation.objects.select_related("unit").in_bulk(list(by_unit))
    rows = []
    for unit in sorted(units.values(), key=lambda u: (u.unit.name, u.kind, u.name)):
        out, overdue = by_unit[unit.pk]
        grade = _grade(scale, Facts(out, overdue))
        rows.append([unit.name, unit.unit.name, out, overdue, percent(overdue, out), _label(grade)])
    return Table(
        _("Mass-organisation units"),
        [
            _("organisation"),
            _("administrative unit"),
            _("outstanding"),
            _("overdue principal"),
            _("overdue ratio (%)"),
            _("grade"),
        ],
        rows,
        _total(rows, 2, 3),
        key="units",
    )


def _total(rows, out_at: int, overdue_at: int) -> list:
    width = len(rows[0]) if rows else overdue_at + 2
    total = [_("Total"), *[""] * (width - 1)]
    out = sum(r[out_at] for r in rows)
    overdue = sum(r[overdue_at] for r in rows)
    total[out_at], total[overdue_at], total[overdue_at + 1] = out, overdue, percent(overdue, out)
    return total


def _counts_table(tables: list[Table]) -> Table:
    """Per grade, how many groups, points and units earned it."""
    counts = [Counter(row[-1] for row in t.rows) for t in tables]
    grades = [*(_label(g) for g in Grade.values), NOT_GRADED]
    rows = [[g, *(c.get(g, 0) for c in counts)] for g in grades]
    rows = [r for r in rows if r[0] != NOT_GRADED or any(r[1:])]
    return Table(
        _("Count per grade"),
        [_("grade"), _("groups"), _("transaction points"), _("organisation units")],
        rows,
        [_("Total"), *(sum(c.values()) for c in counts)],
        key="counts",
    )


def _rules_table(scales: dict) -> Table:
    rows = [
        [
            str(Subject(subject).label),
            f"{scale.valid_from:%d/%m/%Y}",
            _label(rule.grade),
            rule.criteria_text(),
            rule.note,
        ]
        for subject, scale in scales.items()
        for rule in scale.rules
    ]
    return Table(
        _("Quality scales in force"),
        [_("graded"), _("valid from"), _("grade"), _("criteria"), _("note / source")],
        rows,
        key="rules",
    )


def _problem(scale: Scale, day: datetime.date) -> str:
    subject = Subject(scale.subject).label
    if scale.problem == "none":
        return _(
            "No quality scale for %(subject)s is in force on %(day)s: they are not graded."
        ) % {
            "subject": subject,
            "day": day_param(day),
        }
    return _(
        "The quality scale for %(subject)s from %(from)s does not make a scale (best grade "
        "first, each threshold no stricter than the one above, the last with none): they are "
        "not graded until an administrator corrects it."
    ) % {"subject": subject, "from": f"{scale.valid_from:%d/%m/%Y}"}
