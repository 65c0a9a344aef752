"""A month's statements built from its figures and the decisions in force: nothing is written
here (``services.compute_month`` saves and posts what these return).

Each statement keeps, in ``details``, one line per programme with the bases and the rates that
applied, so the printed statement shows how its figure was reached even after a rate changes.
"""

import datetime
from collections import defaultdict

from django.utils.translation import gettext as _

from policycredit.common.services import require
from policycredit.domain import fees as rules
from policycredit.fees.figures import GroupMonth
from policycredit.fees.models import CommissionStatement, FeeKind, FeeShare, FeeStatement
from policycredit.fees.rules import RateBook, Rates, bands_on, shares_on
from policycredit.network.models import MassOrganisation


def fee_statements(
    *, actor, office, start, end, months: list[GroupMonth], programmes: dict
) -> list[FeeStatement]:
    """One statement per organisation whose groups' loans had an outstanding or paid interest."""
    book = RateBook(FeeKind.ENTRUSTMENT_FEE, end)
    bands = _checked(bands_on(end), rules.check_bands, _bands_message(end), "bad_bands")
    by_organisation: dict[int, list[GroupMonth]] = defaultdict(list)
    for row in months:
        by_organisation[row.organisation_id].append(row)
    statements = []
    for organisation_id, rows in sorted(by_organisation.items()):
        lines, bases = [], []
        for programme_id in sorted({x.programme_id for x in rows}):
            mine = [x for x in rows if x.programme_id == programme_id]
            rates = _rates(book, programme_id, programmes, end)
            # Only loans whose interest was collected in the month earn the fee (base_balance).
            base = sum(x.base_balance for x in mine)
            interest = sum(x.interest for x in mine)
            lines.append(
                {
                    **_programme(programmes[programme_id]),
                    "base_balance": base,
                    "interest": interest,
                    **rates.as_json(),
                }
            )
            bases.append(
                rules.BalanceBase(base, interest, rates.rate_on_balance, rates.rate_on_interest)
            )
        outstanding = sum(x.outstanding for x in rows)
        overdue = sum(x.overdue for x in rows)
        factor = rules.quality_factor(overdue, outstanding, bands)
        statements.append(
            FeeStatement(
                month=start,
                as_of=end,
                office=office,
                organisation_id=organisation_id,
                base_balance=sum(b.balance for b in bases),
                interest_collected=sum(b.interest for b in bases),
                outstanding=outstanding,
                overdue=overdue,
                overdue_ratio=rules.overdue_ratio(overdue, outstanding),
                factor=factor,
                fee=rules.entrustment_fee(bases, factor),
                details=lines,
                computed_by=actor,
            )
        )
    return statements


def commission_statements(
    *, actor, office, start, end, months: list[GroupMonth], programmes: dict, savings: dict
) -> list[CommissionStatement]:
    """One statement per group that collected interest or members' savings in the month."""
    book = RateBook(FeeKind.COMMISSION, end)
    by_group: dict[int, list[GroupMonth]] = defaultdict(list)
    for row in months:
        if row.interest:
            by_group[row.group_id].append(row)
    statements = []
    for group_id in sorted(set(by_group) | {g for g, amount in savings.items() if amount}):
        rows, lines, collections = by_group.get(group_id, []), [], []
        for programme_id in sorted({x.programme_id for x in rows}):
            rates = _rates(book, programme_id, programmes, end)
            interest = sum(x.interest for x in rows if x.programme_id == programme_id)
            lines.append(
                {**_programme(programmes[programme_id]), "interest": interest, **rates.as_json()}
            )
            collections.append(rules.Collection(interest, 0, rates.rate_on_interest, 0))
        collected = savings.get(group_id, 0)
        if collected:
            # Savings are not lent under a programme: the rate for all programmes applies.
            rates = _rates(book, None, programmes, end)
            lines.append({"programme": None, "savings": collected, **rates.as_json()})
            collections.append(rules.Collection(0, collected, 0, rates.rate_on_savings))
        statements.append(
            CommissionStatement(
                month=start,
                as_of=end,
                office=office,
                group_id=group_id,
                interest_collected=sum(x.interest for x in rows),
                savings_collected=collected,
                commission=rules.commission(collections),
                details=lines,
                computed_by=actor,
            )
        )
    return statements


def fee_shares(statements: list[FeeStatement], end: datetime.date) -> list[FeeShare]:
    """Each fee split between the organisation's levels (saved statements). A level the
    organisation has no unit at in the data keeps its share, without a named payee."""
    if not statements:
        return []
    shares = _checked(shares_on(end), rules.check_shares, _shares_message(end), "bad_shares")
    chains = _chains({s.organisation_id for s in statements})
    return [
        FeeShare(
            statement=statement,
            level=level,
            organisation_id=chains[statement.organisation_id].get(level),
            share=share,
            amount=amount,
            office_id=statement.office_id,
        )
        for statement in statements
        for (level, amount), (_level, share) in zip(
            rules.split(statement.fee, shares), shares, strict=True
        )
    ]


def _chains(organisation_ids: set[int]) -> dict[int, dict[str, int]]:
    """For each organisation, {level: id} of itself and the units above it."""
    known: dict[int, tuple[str, int | None]] = {}
    frontier = set(organisation_ids)
    while frontier:
        for pk, level, parent_id in MassOrganisation.objects.filter(pk__in=frontier).values_list(
            "pk", "level", "parent_id"
        ):
            known[pk] = (level, parent_id)
        frontier = {parent for _, parent in known.values() if parent and parent not in known}
    chains = {}
    for organisation_id in organisation_ids:
        chain, current, seen = {}, organisation_id, set()
        while current in known and current not in seen:
            seen.add(current)
            level, parent_id = known[current]
            chain.setdefault(level, current)
            current = parent_id
        chains[organisation_id] = chain
    return chains


def _checked(rows, check, message, code):
    try:
        check(rows)
    except rules.FeeRuleError:
        require(False, message, code=code)
    return rows


def _bands_message(end):
    return _(
        "The quality bands in force on %(day)s must start at 0 %% and rise: correct them first."
    ) % {"day": f"{end:%d/%m/%Y}"}


def _shares_message(end):
    return _(
        "The shares by level in force on %(day)s must add up to 100 %%: correct them first."
    ) % {"day": f"{end:%d/%m/%Y}"}


def _rates(book: RateBook, programme_id, programmes, end) -> Rates:
    rates = book.for_programme(programme_id)
    require(
        rates is not None,
        _("No %(kind)s rate is in force on %(day)s for %(what)s.")
        % {
            "kind": FeeKind(book.kind).label,
            "day": f"{end:%d/%m/%Y}",
            "what": programmes[programme_id] if programme_id else _("members' savings"),
        },
        code="no_rate",
    )
    return rates


def _programme(programme) -> dict:
    return {"programme": programme.pk, "code": programme.code, "name": programme.name}
