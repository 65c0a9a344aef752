"""The credit plan against what was done, as the reports and the dashboards show it: the report
"credit_plan" (the year of its date; lines by programme × capital source, then the allocations
the user may see) and the dashboard's panel (by programme). Both are handed to reporting, below
this app, from `apps.Config.ready`."""

import datetime

from django.utils.translation import gettext as _

from policycredit.accounts.roles import can_act
from policycredit.creditplans import selectors
from policycredit.domain.review import percent
from policycredit.reporting.report import Report, Table


def headers(first: str) -> list[str]:
    return [
        first,
        _("lending planned"),
        _("lent"),
        _("lending done (%)"),
        _("collection planned"),
        _("collected"),
        _("collection done (%)"),
        _("growth planned"),
        _("growth"),
        _("growth done (%)"),
    ]


def cells(row: selectors.PlanRow, label: str | None = None) -> list:
    return [
        row.label if label is None else label,
        row.lending_plan,
        row.lending_actual,
        percent(row.lending_actual, row.lending_plan) if row.lending_plan else "",
        row.collection_plan,
        row.collection_actual,
        percent(row.collection_actual, row.collection_plan) if row.collection_plan else "",
        row.growth_plan,
        row.growth_actual,
        percent(row.growth_actual, row.growth_plan) if row.growth_plan > 0 else "",
    ]


def _day(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def build(user, as_of: datetime.date, from_year=None, unit=None) -> Report:
    year = as_of.year
    lines = selectors.lines_vs_actual(user, year, as_of, unit)
    title = _("Credit plan %(year)s against what was done, as of %(day)s") % {
        "year": year,
        "day": _day(as_of),
    }
    if unit is not None:
        title = f"{title} – {unit.name}"
    report = Report(name="credit_plan", title=title, as_of=as_of, notes=list(lines.notes))
    for version in lines.versions:
        report.notes.append(
            _("%(office)s: plan version %(number)s, decision %(decision)s of %(day)s.")
            % {
                "office": version.plan.office.name,
                "number": version.number,
                "decision": version.decision_number,
                "day": _day(version.decision_date),
            }
        )
    if not lines.versions:
        report.notes.append(
            _("No credit plan of %(year)s is in force on this day.") % {"year": year}
        )
    report.notes.append(
        _(
            "Lent: lending in the year up to the day; collected: principal repaid in it; "
            "growth: outstanding on the day less outstanding on 31/12/%(before)s."
        )
        % {"before": year - 1}
    )
    report.tables.append(
        Table(
            _("Plan and actual by programme and capital source"),
            headers(_("programme – capital source")),
            [cells(r) for r in lines.rows],
            cells(lines.total, _("Total")),
            key="credit_plan",
        )
    )
    targets = []
    for plan in selectors.plans_for(user).filter(year=year, office_id__in=_offices(lines)):
        targets += selectors.allocations_vs_actual(user, plan, as_of)
    if targets:
        report.tables.append(
            Table(
                _("Allocations and actual by ward, organisation and group"),
                headers(_("allocated to")),
                [cells(t.row, f"{t.kind_label}: {t.row.label}") for t in targets],
                key="credit_plan_allocations",
            )
        )
    return report


def _offices(lines: selectors.PlanVsActual) -> list[int]:
    return [v.plan.office_id for v in lines.versions]


def panel(user, as_of: datetime.date) -> Table | None:
    """The year's plan against what was done by programme, for the dashboards."""
    if not can_act(user, "creditplans.view"):
        return None
    figures = selectors.plan_vs_actual(user, as_of.year, as_of)
    if not figures.rows:
        return None
    return Table(
        _("Credit plan %(year)s against what was done, as of %(day)s")
        % {"year": as_of.year, "day": _day(as_of)},
        headers(_("programme")),
        [cells(r) for r in figures.rows],
        cells(figures.total, _("Total")),
        key="credit_plan",
    )
