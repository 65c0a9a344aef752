"""The review's last year as the government's side keeps it: the local budgets' entrustment, the
office's credit plan against what was done, the Board of Representatives' work and the
supervision's results — each read through its app's selector (scoped to the reader) and turned
into the review's figures (`variables`) and tables (`tables`).

The four selectors are contracts between the apps (docs/domain/review-document.md): each returns a
frozen value with at least the fields read here."""

import datetime

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from policycredit.boards import selectors as boards
from policycredit.budgets import selectors as budgets
from policycredit.creditplans import selectors as creditplans
from policycredit.domain.review import percent
from policycredit.reviews import variables as v
from policycredit.reviews.figures import Amount, Count, ratio_text
from policycredit.reviews.tables import DocTable
from policycredit.supervision import selectors as supervision


def _n(value) -> tuple[str, bool]:
    return (str(Amount(value)) if isinstance(value, int) else str(value), isinstance(value, int))


def _t(value) -> tuple[str, bool]:
    return (str(value), False)


def year_of(user, year: int, as_of: datetime.date, unit) -> tuple[dict, dict]:
    """({figure name: value}, {table key: DocTable}) for the review's last year."""
    found, tables = {}, {}
    for name, read in (
        ("budgets", _budgets),
        ("credit_plan", _credit_plan),
        ("board", _board),
        ("supervision", _supervision),
    ):
        figures, made = read(user, year, as_of, unit)
        found[name] = figures
        tables.update(made)
    return found, tables


def _budgets(user, year, as_of, unit):
    rows = budgets.year_summary(user, year, as_of, unit)
    fields = ("planned", "decided", "transferred", "recalled", "interest_earned")
    sums = {f: sum(getattr(r, f) for r in rows) for f in fields}
    figures = v.Budgets(**{f: Amount(sums[f]) for f in fields}, sources=Count(len(rows)))
    table = DocTable(
        _("Local budget money entrusted in %(year)s: plan and use") % {"year": year},
        [
            capfirst(_("capital source")),
            capfirst(_("level")),
            capfirst(_("budget estimate")),
            capfirst(_("decided")),
            capfirst(_("transferred")),
            capfirst(_("recalled")),
            capfirst(_("interest earned")),
            capfirst(_("decision")),
        ],
        [
            [
                _t(r.source_name),
                _t(capfirst(r.level_label)),
                *(_n(getattr(r, f)) for f in fields),
                _t(r.decision_number),
            ]
            for r in rows
        ],
        [_t(_("Total")), _t(""), *(_n(sums[f]) for f in fields), _t("")],
    )
    return figures, {"budgets": table}


PLAN_FIELDS = (
    "lending_plan",
    "lending_actual",
    "collection_plan",
    "collection_actual",
    "growth_plan",
    "growth_actual",
)


def _credit_plan(user, year, as_of, unit):
    plan = creditplans.plan_vs_actual(user, year, as_of, unit)
    total = plan.total
    figures = v.CreditPlan(
        **{f: Amount(getattr(total, f)) for f in PLAN_FIELDS},
        lending_done=ratio_text(percent(total.lending_actual, total.lending_plan)),
        has_plan=bool(plan.rows),
    )
    table = DocTable(
        _("Credit plan of %(year)s against what was done by %(day)s")
        % {"year": year, "day": f"{as_of:%d/%m/%Y}"},
        [
            capfirst(_("programme")),
            capfirst(_("lending planned")),
            capfirst(_("lent")),
            capfirst(_("collection planned")),
            capfirst(_("collected")),
            capfirst(_("growth planned")),
            capfirst(_("growth")),
        ],
        [[_t(r.label), *(_n(getattr(r, f)) for f in PLAN_FIELDS)] for r in plan.rows],
        [_t(_("Total")), *(_n(getattr(total, f)) for f in PLAN_FIELDS)],
    )
    return figures, {"credit_plan": table}


def _board(user, year, as_of, unit):
    board = boards.year_summary(user, year, as_of, unit)
    figures = v.Board(
        names="; ".join(board.boards),
        members=Count(len(board.members)),
        meetings=Count(board.meetings),
        meeting_dates=", ".join(f"{d:%d/%m/%Y}" for d in board.meeting_dates),
        resolutions=Count(board.resolutions),
        tasks_assigned=Count(board.tasks_assigned),
        tasks_done=Count(board.tasks_done),
        tasks_open=Count(board.tasks_open),
        tasks_overdue=Count(board.tasks_overdue),
    )
    table = DocTable(
        _("Members of the Board of Representatives"),
        [capfirst(_("full name")), capfirst(_("position held"))],
        [[_t(name), _t(holds)] for name, holds in board.members],
    )
    return figures, {"board_members": table}


def _supervision(user, year, as_of, unit):
    year_ = supervision.year_summary(user, year, as_of, unit)
    figures = v.Supervision(
        checks_planned=Count(year_.checks_planned),
        checks_done=Count(year_.checks_done),
        findings=Count(year_.findings_total),
        findings_resolved=Count(year_.findings_resolved),
        findings_open=Count(year_.findings_open),
        findings_overdue=Count(year_.findings_overdue),
        kinds="; ".join(f"{label}: {Count(count)}" for label, count in year_.findings),
    )
    table = DocTable(
        _("Findings of the checks in %(year)s by kind") % {"year": year},
        [capfirst(_("kind of finding")), capfirst(_("findings"))],
        [[_t(label), _n(count)] for label, count in year_.findings],
        [_t(_("Total")), _n(year_.findings_total)],
    )
    return figures, {"supervision_findings": table}
