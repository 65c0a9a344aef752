"""The tables a review's section may place after its text, by key: the Directive 40 review's own
(`reporting.directive40`, by their `Table.key`) and the ones this app makes from the year's
summaries (budgets, credit plan, board, supervision). Each is laid out once, as `DocTable`, for
both the Word file and the PDF: the cells as text, numbers marked to go right-aligned."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import capfirst

from policycredit.reporting.exports import cell
from policycredit.reporting.report import Table

# The review's tables (`reporting.directive40.build`) ...
REPORT_KEYS = (
    "capital",
    "local_capital",
    "outstanding_by_programme",
    "outstanding_by_source",
    "outstanding_by_ward",
    "outstanding_by_kind",
    "summary",
    "overdue_by_ward",
    "group_quality",
    "savings",
    "turnover",
    "jobs",
    "jobs_by_year",
    "left_poverty",
)
# ... and this app's, from the last year's summaries and the transaction points.
OWN_KEYS = (
    "transaction_points",
    "budgets",
    "credit_plan",
    "board_members",
    "supervision_findings",
)
KEYS = REPORT_KEYS + OWN_KEYS


@dataclass(frozen=True)
class DocTable:
    title: str
    headers: list[str]
    rows: list[list[tuple[str, bool]]]  # (text, is a number)
    total: list[tuple[str, bool]] | None = None


def laid_out(table: Table) -> DocTable:
    def cells(row):
        # The report's labels are lower-case words ("dư nợ"); in a table they start a line.
        return [(cell(v), True) if _is_number(v) else (capfirst(cell(v)), False) for v in row]

    return DocTable(
        title=table.title,
        headers=[capfirst(h) for h in table.headers],
        rows=[cells(r) for r in table.rows],
        total=cells(table.total) if table.total else None,
    )


def _is_number(value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)
