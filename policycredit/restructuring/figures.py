"""The engine's before/after figures of a measure (`loans.measures.preview`) as rows a page,
the approver and the printed decision read alike, stored with the measure as JSON."""

import datetime

from django.utils.translation import gettext_lazy as _

from policycredit.domain.money import format_vnd

LABELS = {
    "borrower": _("borrower"),
    "borrower_name": _("borrower"),
    "principal_outstanding": _("outstanding principal"),
    "principal_in_term": _("principal in term"),
    "principal_overdue": _("overdue principal"),
    "principal_frozen": _("frozen principal"),
    "principal_written_off": _("principal written off"),
    "interest_due": _("interest due"),
    "interest_written_off": _("interest written off"),
    "next_due": _("next instalment due"),
    "maturity": _("maturity"),
    "horizon": _("horizon (the effect shows by)"),
}


AMOUNTS = (
    "principal_outstanding",
    "principal_in_term",
    "principal_overdue",
    "principal_frozen",
    "principal_written_off",
    "interest_due",
    "next_due",
    "maturity",
)


def _plain(value):
    """A figure as JSON: amounts stay integers, days become ISO dates."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def figures_of(preview) -> list[list]:
    """[[name, before, after], ...]: the borrower, the figures at the measure's date, then at
    the horizon (the day after the latest date the measure moves, or a month on), where a
    measure's effect shows ("horizon:" names)."""
    rows = [["borrower", preview.borrower, preview.borrower_after]]
    for name in AMOUNTS:
        rows.append(
            [name, _plain(getattr(preview.before, name)), _plain(getattr(preview.after, name))]
        )
    rows.append(["horizon", _plain(preview.horizon), _plain(preview.horizon)])
    for name in AMOUNTS[:6]:
        before = getattr(preview.before_at_horizon, name)
        rows.append([f"horizon:{name}", before, getattr(preview.after_at_horizon, name)])
    return rows


def schedules_of(preview) -> tuple[list, list]:
    """The schedule still to fall due, before and after, as (due, principal) pairs."""
    return (
        [(i.due, i.principal) for i in preview.before.schedule],
        [(i.due, i.principal) for i in preview.after.schedule],
    )


def labelled(rows: list[list]) -> list[tuple]:
    """Rows with their labels and values as people read them (amounts in đồng, dd/mm/yyyy)."""
    return [(_label(name), _shown(before), _shown(after)) for name, before, after in rows]


def _label(name: str) -> str:
    if name.startswith("horizon:"):
        return _("%(figure)s, at the horizon") % {"figure": LABELS[name[8:]]}
    return str(LABELS.get(name, name.replace("_", " ")))


def _shown(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return format_vnd(value)
    try:
        return f"{datetime.date.fromisoformat(value):%d/%m/%Y}"
    except ValueError:
        return str(value)


def terms_of(kind: str, parameters: dict, person_name: str = "") -> list[tuple]:
    """What the measure decides, line by line, as people read it."""
    p = parameters
    lines = []
    if "due" in p:
        lines.append((_("instalment due on"), _shown(p["due"])))
        lines.append((_("new due date"), _shown(p["new_due"])))
    if "months" in p:
        lines.append((_("months"), str(p["months"])))
    if p.get("amount"):
        lines.append((_("principal frozen"), format_vnd(p["amount"])))
    if "principal" in p:
        lines.append((_("principal written off"), format_vnd(p["principal"])))
        lines.append((_("interest written off"), format_vnd(p["interest"])))
    for due, amount in p.get("instalments", ()):
        lines.append((_("instalment due on %(day)s") % {"day": _shown(due)}, format_vnd(amount)))
    if person_name:
        lines.append((_("new borrower"), person_name))
    return lines
