"""The teller's entry sheet starting from the group leader's synced 13/TD statement.

When the teller opens a group with nothing saved for the day, the form starts from what the
leader recorded in the field and synced: each member's interest split over his loans by their
interest due, capped at each due (`domain.statement.split_interest`), and his savings as a
deposit. Members without an accepted line start as before (what is due). Nothing is saved
until the teller saves: the drafts stay the teller's act.
"""

import datetime
from dataclasses import dataclass, field

from policycredit.domain.statement import split_interest
from policycredit.transactiondays import selectors


@dataclass
class Prefill:
    interest: dict[int, int] = field(default_factory=dict)  # by loan id
    deposits: dict[int, int] = field(default_factory=dict)  # by membership id
    lines: dict = field(default_factory=dict)  # the accepted lines, by membership id
    synced_at: datetime.datetime | None = None  # the latest line's arrival

    def __bool__(self) -> bool:
        return bool(self.lines)


def from_statement(sheet) -> Prefill:
    """The starting values of a group's sheet from the accepted statement lines of its day."""
    lines = selectors.accepted_statement(sheet.group, sheet.day)
    prefill = Prefill(lines=lines)
    for member in sheet.members:
        line = lines.get(member.membership.pk)
        if line is None:
            continue
        parts = split_interest(line.interest, [x.interest_due for x in member.loans])
        for loan_line, part in zip(member.loans, parts, strict=True):
            prefill.interest[loan_line.loan.pk] = part
        prefill.deposits[member.membership.pk] = line.savings
    if lines:
        prefill.synced_at = max(line.received_at for line in lines.values())
    return prefill
