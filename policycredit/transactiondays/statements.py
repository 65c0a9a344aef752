"""Every write of the group leader's 13/TD statement recorded in the field app.

A line is what one member handed the leader at the meeting before the transaction day. It is
checked against the member's figures now (`fingerprint`): made against the figures of the
point's next transaction day as they still stand, it is accepted, and replaces any earlier line
of that member and day; made against figures that have changed since the download (a
repayment or a savings movement at the counter) or for a day that is no longer the point's
next one (the day was moved), it is kept as a conflict with both sets of figures and applied
to nothing until a person resolves it: by keeping what was recorded against today's figures,
or by changing the amounts. Nothing here is money: the teller's entry sheet starts from the
accepted lines (`selectors.accepted_statement`), and the teller's save is the act.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycredit.accounts.policy import require_role
from policycredit.accounts.roles import can_act
from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.common.selectors import business_date
from policycredit.domain.money import MAX_VND, format_vnd
from policycredit.network.models import SavingsGroup
from policycredit.network.selectors import groups_for
from policycredit.transactiondays import fingerprint, selectors
from policycredit.transactiondays.models import (
    ConflictReason,
    LeaderStatementLine,
    Resolution,
    StatementStatus,
)

STANDING = (StatementStatus.ACCEPTED, StatementStatus.CONFLICT)


def _not_found() -> ValidationError:
    # The same words for a group outside the area, a missing one and a member of another
    # group: a refusal tells nothing of what exists elsewhere.
    return ValidationError(_("There is no such group or member in your area."), code="not_found")


def _amount(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VND:
        raise ValidationError(
            {
                name: [
                    ValidationError(
                        _("Amounts are whole đồng and cannot be negative."), code="bad_amount"
                    )
                ]
            }
        )
    return value


def _locked_group(actor, group_id: int) -> SavingsGroup:
    """The group, locked, so that two records of one group's members queue, not race."""
    if not groups_for(actor).filter(pk=group_id).exists():
        raise _not_found()
    return (
        SavingsGroup.objects.select_for_update()
        .select_related("transaction_point")
        .get(pk=group_id)
    )


def _member(actor, group, day: datetime.date, membership_id):
    sheet = selectors.group_sheet(actor, group, day)
    for member in sheet.members:
        if member.membership.pk == membership_id:
            return member
    raise _not_found()


def _refuse_more_than_due(member, interest: int) -> None:
    due = sum(x.interest_due for x in member.loans)
    if interest > due:
        raise ValidationError(
            {
                "interest": [
                    ValidationError(
                        _(
                            "%(household)s: the interest recorded, %(amount)s, is more than "
                            "the %(due)s due."
                        )
                        % {
                            "household": member.household.code,
                            "amount": format_vnd(interest),
                            "due": format_vnd(due),
                        },
                        code="more_than_due",
                    )
                ]
            }
        )


def _supersede(actor, line: LeaderStatementLine, days) -> list[int]:
    """Every standing line of the member for these days gives way to ``line``."""
    earlier = LeaderStatementLine.objects.filter(
        membership_id=line.membership_id,
        group_id=line.group_id,
        day__in=days,
        status__in=STANDING,
    ).exclude(pk=line.pk)
    ids = list(earlier.values_list("pk", flat=True))
    earlier.update(status=StatementStatus.SUPERSEDED, superseded_by=line)
    return ids


def _audit_values(line: LeaderStatementLine) -> dict:
    return {
        "key": line.key,
        "day": line.day.isoformat(),
        "group_id": line.group_id,
        "membership_id": line.membership_id,
        "interest": line.interest,
        "savings": line.savings,
        "status": line.status,
        "conflict_reason": line.conflict_reason,
    }


@transaction.atomic
def record_statement(
    *,
    actor,
    key: str,
    group_id: int,
    day: datetime.date,
    membership_id: int,
    interest: int,
    savings: int,
    basis: str,
    recorded_at: datetime.datetime,
) -> LeaderStatementLine:
    """One member's line of the 13/TD statement, accepted or kept as a conflict."""
    require_role(can_act(actor, "field.collect"), _("record the group leader's statement"))
    interest, savings = _amount(interest, "interest"), _amount(savings, "savings")
    group = _locked_group(actor, group_id)
    next_day = selectors.leader_day(group, business_date())
    member = _member(actor, group, next_day, membership_id)
    line = LeaderStatementLine(
        key=key,
        day=day,
        point_id=group.transaction_point_id,
        group=group,
        membership=member.membership,
        office_id=group.office_id,
        interest=interest,
        savings=savings,
        basis=basis,
        recorded_at=recorded_at,
        recorded_by=actor,
        status=StatementStatus.ACCEPTED,
    )
    if day != next_day:
        line.conflict_reason = ConflictReason.DAY_MOVED
    elif not fingerprint.unchanged(basis, member, next_day):
        line.conflict_reason = ConflictReason.FIGURES_CHANGED
    else:
        _refuse_more_than_due(member, interest)
    if line.conflict_reason:
        line.status = StatementStatus.CONFLICT
        line.then = fingerprint.figures_in(basis, membership_id)
        line.now = fingerprint.member_figures(member, next_day)
    line.save()
    gone = _supersede(actor, line, {day, next_day})
    record(
        actor=actor,
        action=Action.STATEMENT_CONFLICT_RECORDED
        if line.conflict_reason
        else Action.STATEMENT_LINE_RECORDED,
        instance=line,
        new={**_audit_values(line), "supersedes": gone},
    )
    return line


@transaction.atomic
def resolve_statement(
    *,
    actor,
    line: LeaderStatementLine,
    choice: str,
    interest: int | None = None,
    savings: int | None = None,
) -> LeaderStatementLine:
    """Resolve a conflict: ``keep`` accepts what was recorded against today's figures,
    ``change`` accepts the corrected amounts. Returns the line accepted in its place (the
    conflict stays, marked resolved, pointing to it)."""
    require_role(can_act(actor, "field.resolve"), _("resolve a statement conflict"))
    group = _locked_group(actor, line.group_id)
    line = LeaderStatementLine.objects.select_for_update().get(pk=line.pk)
    if line.status != StatementStatus.CONFLICT:
        raise ValidationError(
            _("This conflict was already resolved (or replaced by a later record)."),
            code="already_resolved",
        )
    if choice == Resolution.KEEP:
        interest, savings = line.interest, line.savings
    elif choice == Resolution.CHANGE:
        if interest is None or savings is None:
            raise ValidationError(
                _("To change the amounts, give both the interest and the savings."),
                code="amounts_required",
            )
        interest, savings = _amount(interest, "interest"), _amount(savings, "savings")
    else:
        raise ValidationError(
            _("Choose to keep what was recorded or to change the amounts."), code="bad_choice"
        )
    next_day = selectors.leader_day(group, business_date())
    member = _member(actor, group, next_day, line.membership_id)
    _refuse_more_than_due(member, interest)
    now = timezone.now()
    accepted = LeaderStatementLine.objects.create(
        key=f"resolved-{line.pk}",
        day=next_day,
        point_id=group.transaction_point_id,
        group=group,
        membership_id=line.membership_id,
        office_id=group.office_id,
        interest=interest,
        savings=savings,
        basis=fingerprint.basis_of(member, next_day),
        recorded_at=now,
        recorded_by=actor,
        status=StatementStatus.ACCEPTED,
    )
    gone = _supersede(actor, accepted, {line.day, next_day})
    old = _audit_values(line)
    LeaderStatementLine.objects.filter(pk=line.pk).update(
        status=StatementStatus.RESOLVED,
        resolved_by=actor,
        resolved_at=now,
        resolution=choice,
        superseded_by=accepted,
    )
    line.refresh_from_db()
    record(
        actor=actor,
        action=Action.STATEMENT_CONFLICT_RESOLVED,
        instance=line,
        old=old,
        new={
            "status": line.status,
            "resolution": choice,
            "accepted": _audit_values(accepted),
            "supersedes": [i for i in gone if i != line.pk],
        },
    )
    return accepted
