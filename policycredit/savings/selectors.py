"""Reads of members' savings, scoped to the user. Balances are summed in the database from the
log (see ``models``), each a single grouped query whatever the number of members."""

import datetime
from dataclasses import dataclass

from django.db.models import BigIntegerField, Case, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from policycredit.accounts.selectors import scope_of
from policycredit.borrowers.selectors import households_for
from policycredit.common.selectors import business_date
from policycredit.domain import savings as rules
from policycredit.network.models import SavingsGroup
from policycredit.network.selectors import groups_for, memberships_for
from policycredit.savings.models import SavingsKind as K
from policycredit.savings.models import SavingsTransaction


def signed_amount(path: str = ""):
    """``rules.signed`` as an SQL expression; ``path`` leads from the queried model to the
    savings transaction (``"savings_transactions__"`` from a membership)."""
    kind, reversed_kind, amount = f"{path}kind", f"{path}reverses__kind", F(f"{path}amount")
    return Case(
        When(**{kind: K.DEPOSIT}, then=amount),
        When(**{kind: K.WITHDRAWAL}, then=-amount),
        When(**{kind: K.REVERSAL, reversed_kind: K.WITHDRAWAL}, then=amount),
        When(**{kind: K.REVERSAL, reversed_kind: K.DEPOSIT}, then=-amount),
        default=Value(0),
        output_field=BigIntegerField(),
    )


def transactions_for(user) -> QuerySet:
    """Movements at the user's offices, or of households the user may see."""

    qs = SavingsTransaction.objects.select_related(
        "membership__household", "membership__group", "actor", "reverses"
    )
    scope = scope_of(user)
    if scope.everything:
        return qs
    return qs.filter(
        Q(office_id__in=scope.office_ids)
        | Q(membership__household__in=households_for(user).values("id"))
    )


def balance_of(membership, as_of: datetime.date | None = None) -> int:
    qs = SavingsTransaction.objects.filter(membership=membership)
    if as_of is not None:
        qs = qs.filter(value_date__lte=as_of)
    return qs.aggregate(total=Sum(signed_amount()))["total"] or 0


def movements_of(membership) -> list[tuple[datetime.date, int]]:
    """The member's movements as the pure rules take them."""
    rows = SavingsTransaction.objects.filter(membership=membership).values_list(
        "value_date", "kind", "amount", "reverses__kind"
    )
    return [(day, rules.signed(kind, amount, undone)) for day, kind, amount, undone in rows]


def balances_by_member(user, group: SavingsGroup, as_of: datetime.date | None = None) -> QuerySet:
    """The group's memberships the user may see, each with its ``balance``: the members on the
    day, and anyone who left with savings not yet paid out."""
    as_of = as_of or business_date()
    balance = Sum(
        signed_amount("savings_transactions__"),
        filter=Q(savings_transactions__value_date__lte=as_of),
    )
    member_on_day = Q(joined__lte=as_of) & (Q(left__isnull=True) | Q(left__gte=as_of))
    return (
        memberships_for(user)
        .filter(group=group)
        .annotate(balance=Coalesce(balance, Value(0), output_field=BigIntegerField()))
        .filter(member_on_day | ~Q(balance=0))
        .order_by("household__code")
    )


@dataclass
class GroupSavings:
    group: SavingsGroup
    members_with_savings: int = 0
    balance: int = 0
    deposits: int = 0  # in the month of the date asked for, net of reversals
    withdrawals: int = 0


def group_totals(user, as_of: datetime.date) -> list[GroupSavings]:
    """Per group the user may see: members with savings, the balance on ``as_of``, and what was
    deposited and withdrawn from the first of that month to ``as_of``."""
    month = Q(value_date__gte=as_of.replace(day=1))
    signed = signed_amount()
    rows = (
        transactions_for(user)
        .filter(value_date__lte=as_of)
        .values("membership_id", "membership__group_id")
        .annotate(
            balance=Sum(signed),
            deposits=Sum(signed, filter=month & (Q(kind=K.DEPOSIT) | Q(reverses__kind=K.DEPOSIT))),
            withdrawals=Sum(
                -signed, filter=month & (Q(kind=K.WITHDRAWAL) | Q(reverses__kind=K.WITHDRAWAL))
            ),
        )
        .order_by()
    )
    totals = {g.pk: GroupSavings(group=g) for g in groups_for(user).order_by("code")}
    for row in rows:
        total = totals.get(row["membership__group_id"])
        if total is None:
            continue  # a household the user sees, in a group the user does not
        total.balance += row["balance"] or 0
        total.members_with_savings += (row["balance"] or 0) > 0
        total.deposits += row["deposits"] or 0
        total.withdrawals += row["withdrawals"] or 0
    first = as_of.replace(day=1)

    def shown(t: GroupSavings) -> bool:
        open_in_month = t.group.founded <= as_of and (t.group.closed or first) >= first
        return open_in_month or any((t.balance, t.deposits, t.withdrawals))

    return [t for t in totals.values() if shown(t)]
