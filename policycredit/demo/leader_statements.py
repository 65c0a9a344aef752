"""The demo's field app: what the group leaders recorded at their meetings and synced, so the
teller's entry sheet of the next transaction day starts from a statement and the conflict
screens show one.

The leader of the demo ("totruong") synced his group's first members' interest and savings,
each the amount due; the organisation's officer ("hoiphunu") recorded a few members of a group
at another point. One line of the leader's was recorded against figures that a savings deposit
at the counter changed after his download: it waits, as a conflict, for someone to resolve it.
Everything goes through the services (`transactiondays.services.record_statement`, the
deposit through `savings.services.deposit`), on the business date.
"""

import datetime

from django.utils import timezone

from policycredit.accounts.models import User
from policycredit.common.selectors import business_date
from policycredit.demo.context import Context
from policycredit.network.selectors import groups_for
from policycredit.savings.services import deposit
from policycredit.transactiondays import fingerprint, selectors
from policycredit.transactiondays.services import record_statement

LEADER_LINES = 5  # members of the leader's group whose line is synced
OFFICER_LINES = 3


def seed(ctx: Context) -> None:
    if not ctx.with_loans:
        return  # the tests' small world has no loans, so nothing to collect
    names = ["totruong", "hoiphunu", "giaodich"]
    people = {u.username: u for u in User.objects.filter(username__in=names)}
    if len(people) < len(names):
        return
    today = business_date()
    leader = people["totruong"]
    own = groups_for(leader).filter(closed__isnull=True).order_by("code").first()
    if own is None:
        return
    left = _record(leader, own, today, LEADER_LINES)
    if left:
        _conflict(leader, people["giaodich"], own, today, left[0])
    officer = people["hoiphunu"]
    other = (
        groups_for(officer)
        .filter(closed__isnull=True)
        .exclude(transaction_point=own.transaction_point)
        .order_by("code")
        .first()
    )
    if other is not None:
        _record(officer, other, today, OFFICER_LINES)


def _owing(actor, group, day: datetime.date) -> list:
    sheet = selectors.group_sheet(actor, group, day)
    return [m for m in sheet.members if any(x.interest_due for x in m.loans)]


def _record(actor, group, today: datetime.date, count: int) -> list:
    """The first ``count`` members owing interest hand over what is due; returns the others."""
    day = selectors.leader_day(group, today)
    members = _owing(actor, group, day)
    at = timezone.now() - datetime.timedelta(hours=20)
    for n, member in enumerate(members[:count]):
        record_statement(
            actor=actor,
            key=f"demo-{group.pk}-{member.membership.pk}",
            group_id=group.pk,
            day=day,
            membership_id=member.membership.pk,
            interest=sum(x.interest_due for x in member.loans),
            savings=member.savings_due,
            basis=fingerprint.basis_of(member, day),
            recorded_at=at + datetime.timedelta(minutes=3 * n),
        )
    return members[count:]


def _conflict(leader, teller, group, today: datetime.date, member) -> None:
    """The leader downloaded the member's figures; the member then deposited 100,000 đ at the
    counter; the leader's line, made against the download, comes back as a conflict."""
    day = selectors.leader_day(group, today)
    downloaded = fingerprint.basis_of(member, day)
    deposit(actor=teller, membership=member.membership, amount=100_000, on=today)
    record_statement(
        actor=leader,
        key=f"demo-{group.pk}-{member.membership.pk}-conflict",
        group_id=group.pk,
        day=day,
        membership_id=member.membership.pk,
        interest=sum(x.interest_due for x in member.loans),
        savings=member.savings_due or 50_000,
        basis=downloaded,
        recorded_at=timezone.now() - datetime.timedelta(hours=19),
    )
