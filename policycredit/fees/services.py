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
from policycredit.audit.services import record, record_created_many, snapshot
from policycredit.common.selectors import business_date
from policycredit.common.services import require
from policycredit.domain import fees as rules
from policycredit.domain import posting as p
from policycredit.fees import figures, statements
from policycredit.fees.models import CommissionStatement, FeeShare, FeeStatement, Payout
from policycredit.geo.models import Office
from policycredit.ledger.models import EntryKind
from policycredit.ledger.services import EntrySpec, post, post_many
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


@transaction.atomic
def pay(*, actor, statement, on: datetime.date, cash: str = p.CASH_OFFICE) -> Payout:
    """Pay a fee or commission statement out in cash, whole and once."""
    if isinstance(statement, FeeStatement):
        link, payable, amount_field = "fee_statement", p.FEES_PAYABLE, "fee"
    else:
        link, payable, amount_field = "commission_statement", p.COMMISSIONS_PAYABLE, "commission"
    statement = type(statement).objects.select_for_update().get(pk=statement.pk)
    amount = getattr(statement, amount_field)
    require(
        not Payout.objects.filter(**{link: statement}).exists(),
        _("This statement has already been paid."),
        code="already_paid",
    )
    require(amount > 0, _("There is nothing to pay on this statement."), code="nothing_to_pay")
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
    entry = post(
        EntrySpec(
            office_id=statement.office_id,
            value_date=on,
            kind=EntryKind.PAYOUT,
            lines=p.payout(payable, amount, cash=cash),
            memo=_("Paid: %(statement)s") % {"statement": statement},
            actor=actor,
        )
    )
    payout = Payout(
        **{link: statement},
        office_id=statement.office_id,
        amount=amount,
        paid_on=on,
        journal_entry=entry,
        actor=actor,
    )
    payout.save()
    record(actor=actor, action=Action.FEE_PAID, instance=payout, new=snapshot(payout))
    return payout
