"""Every write of the fees: a month computed and posted, a statement paid out.

A month is computed once, after it has ended (interest collected on its last transaction days
must be in), for one office at a time: the office row is locked first, so two accountants
pressing the button at once queue and the second is told the month is done. Statements, shares,
journal entries and audit events commit together or not at all.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from policycredit.audit.models import Action
from policycredit.audit.services import record_created_many
from policycredit.common.selectors import business_date, one_business_day
from policycredit.common.services import require
from policycredit.domain import fees as rules
from policycredit.domain import posting as p
from policycredit.fees import figures, statements
from policycredit.fees.models import CommissionStatement, FeeShare, FeeStatement, Payout
from policycredit.geo.models import Office
from policycredit.ledger.models import EntryKind
from policycredit.ledger.services import EntrySpec, post_many
from policycredit.network.models import MassOrganisation, SavingsGroup
from policycredit.programmes.models import Programme


@dataclass
class MonthComputed:
    fee_statements: list = field(default_factory=list)
    commission_statements: list = field(default_factory=list)

    @property
    def fees(self) -> int:
        return sum(s.fee for s in self.fee_statements)

    @property
    def commissions(self) -> int:
        return sum(s.commission for s in self.commission_statements)


@transaction.atomic
def compute_month(*, actor, office, month: datetime.date) -> MonthComputed:
    """Compute, record and post one office's entrustment fees and commissions for a month."""
    start, end = rules.month_start(month), rules.month_end(month)
    label = f"{start:%m/%Y}"
    require(
        end < business_date(),
        _("Fees for %(month)s can be computed once the month has ended.") % {"month": label},
        code="month_not_ended",
    )
    Office.objects.select_for_update().get(pk=office.pk)
    done = FeeStatement.objects.filter(office=office, month=start).exists()
    done = done or CommissionStatement.objects.filter(office=office, month=start).exists()
    require(
        not done,
        _("Fees and commissions for %(month)s have already been computed at this office.")
        % {"month": label},
        code="already_computed",
    )
    months = figures.group_months(office.pk, start, end)
    programmes = Programme.objects.in_bulk({x.programme_id for x in months})
    common = {"actor": actor, "office": office, "start": start, "end": end, "months": months}
    fees = statements.fee_statements(**common, programmes=programmes)
    commissions = statements.commission_statements(
        **common, programmes=programmes, savings=figures.savings_collected(office.pk, start, end)
    )
    _post(actor, office, end, fees, commissions)
    FeeStatement.objects.bulk_create(fees)
    CommissionStatement.objects.bulk_create(commissions)
    shares = FeeShare.objects.bulk_create(statements.fee_shares(fees, end))
    record_created_many(actor=actor, instances=[*fees, *shares, *commissions])
    return MonthComputed(fees, commissions)


def _post(actor, office, end: datetime.date, fees, commissions) -> None:
    """One entry per statement with something to pay; a statement of zero posts nothing."""
    payees = dict(
        MassOrganisation.objects.filter(pk__in={s.organisation_id for s in fees}).values_list(
            "pk", "name"
        )
    )
    groups = dict(
        SavingsGroup.objects.filter(pk__in={s.group_id for s in commissions}).values_list(
            "pk", "name"
        )
    )
    month = f"{end:%m/%Y}"
    owed = [
        (
            s,
            EntryKind.FEE,
            p.fee_due(s.fee),
            _("Entrustment fee %(month)s – %(payee)s")
            % {"month": month, "payee": payees[s.organisation_id]},
        )
        for s in fees
        if s.fee
    ] + [
        (
            s,
            EntryKind.COMMISSION,
            p.commission_due(s.commission),
            _("Commission %(month)s – %(payee)s") % {"month": month, "payee": groups[s.group_id]},
        )
        for s in commissions
        if s.commission
    ]
    entries = post_many(
        [
            EntrySpec(
                office_id=office.pk, value_date=end, kind=kind, lines=lines, memo=memo, actor=actor
            )
            for _statement, kind, lines, memo in owed
        ]
    )
    for (statement, *_rest), entry in zip(owed, entries, strict=True):
        statement.journal_entry = entry


# ---------------------------------------------------------------------------- payout


# How each kind of statement is paid: the payout's link to it, the account it settles, its
# amount, and who it pays (named in the entry's memo).
_PAYING = {
    FeeStatement: ("fee_statement", p.FEES_PAYABLE, "fee", "organisation"),
    CommissionStatement: ("commission_statement", p.COMMISSIONS_PAYABLE, "commission", "group"),
}


@transaction.atomic
def pay(*, actor, statement, on: datetime.date, cash: str = p.CASH_OFFICE) -> Payout:
    """Pay a fee or commission statement out in cash, whole and once."""
    return pay_many(actor=actor, statements=[statement], on=on, cash=cash)[0]


@transaction.atomic
@one_business_day()
def pay_many(*, actor, statements: list, on: datetime.date, cash: str = p.CASH_OFFICE) -> list:
    """Pay statements out in cash on one day, each whole and once (a month's commissions to
    every group at once): all of them or, if one is refused, none."""
    locked = _locked_statements(statements)
    paid = _already_paid(locked)
    for statement in locked:
        link, _payable, amount_field, _payee = _PAYING[type(statement)]
        require(
            (link, statement.pk) not in paid,
            _("This statement has already been paid."),
            code="already_paid",
        )
        require(
            getattr(statement, amount_field) > 0,
            _("There is nothing to pay on this statement."),
            code="nothing_to_pay",
        )
        require(
            on > statement.as_of,
            _("A statement is paid after the end of its month."),
            code="bad_date_order",
        )
    require(
        on <= business_date(),
        _("%(day)s is after today's business date: money is recorded when it moves.")
        % {"day": f"{on:%d/%m/%Y}"},
        code="future_date",
    )
    entries = post_many(
        [
            EntrySpec(
                office_id=s.office_id,
                value_date=on,
                kind=EntryKind.PAYOUT,
                lines=p.payout(_PAYING[type(s)][1], getattr(s, _PAYING[type(s)][2]), cash=cash),
                memo=_("Paid: %(statement)s") % {"statement": s},
                actor=actor,
            )
            for s in locked
        ]
    )
    payouts = Payout.objects.bulk_create(
        [
            Payout(
                **{_PAYING[type(s)][0]: s},
                office_id=s.office_id,
                amount=getattr(s, _PAYING[type(s)][2]),
                paid_on=on,
                journal_entry=entry,
                actor=actor,
            )
            for s, entry in zip(locked, entries, strict=True)
        ]
    )
    record_created_many(actor=actor, instances=payouts, action=Action.FEE_PAID)
    return payouts


def _locked_statements(statements: list) -> list:
    """The statements again, locked (only the statements' rows), in the order given."""
    found = {}
    for model, (_link, _payable, _amount, payee) in _PAYING.items():
        ids = sorted(s.pk for s in statements if isinstance(s, model))
        if ids:
            rows = model.objects.select_for_update(of=("self",)).select_related(payee)
            found.update({(model, x.pk): x for x in rows.filter(pk__in=ids).order_by("pk")})
    return [found[(type(s), s.pk)] for s in statements]


def _already_paid(statements: list) -> set:
    paid = set()
    for model, (link, *_rest) in _PAYING.items():
        ids = [s.pk for s in statements if isinstance(s, model)]
        if ids:
            column = f"{link}_id"
            rows = Payout.objects.filter(**{f"{column}__in": ids}).values_list(column, flat=True)
            paid.update((link, pk) for pk in rows)
    return paid
