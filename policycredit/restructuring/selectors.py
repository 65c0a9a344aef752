"""Reads of risk dossiers and measures, each scoped to what the user may see (a dossier is seen
by whoever may see its loan: the office, the borrower's ward, the organisation), and the rules
in force: the loss bands and who decides a measure.

The work queues import `dossiers_for`, `dossiers_to_confirm`, `measures_waiting`,
`extensions_to_decide` and `freezes_expiring`; each returns its items most urgent first.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import F, Min, Q, QuerySet
from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.accounts.models import ProposalStatus
from policycredit.accounts.selectors import scope_of
from policycredit.capital.models import SourceLevel
from policycredit.domain.dates import add_months
from policycredit.domain.errors import LoanRuleError
from policycredit.domain.risk import check_bands
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import effective_transactions, loans_for
from policycredit.restructuring.models import (
    ApprovalRule,
    DossierDocument,
    LossBand,
    Measure,
    MeasureKind,
    RiskDossier,
    SourceKind,
)

_LOCAL = {SourceLevel.PROVINCE, SourceLevel.DISTRICT, SourceLevel.COMMUNE}


def dossiers_for(user) -> QuerySet:
    """Open dossiers first, the oldest event first: the longer a borrower waits, the worse."""
    return (
        RiskDossier.objects.filter(loan__in=loans_for(user).values("id"))
        .select_related("loan__borrower", "loan__household", "ward", "opened_by")
        .order_by(F("withdrawn_on").asc(nulls_first=True), "event_on", "pk")
    )


def dossiers_to_confirm(user) -> QuerySet:
    """A ward officer's: opened in the user's ward, not yet confirmed nor withdrawn."""
    wards = scope_of(user).ward_ids
    return dossiers_for(user).filter(
        ward_id__in=wards, ward_confirmed_on__isnull=True, withdrawn_on__isnull=True
    )


def measures_for(user) -> QuerySet:
    return Measure.objects.filter(loan__in=loans_for(user).values("id")).select_related(
        "loan__borrower", "loan__household", "proposal", "proposed_by", "dossier", "transaction"
    )


def measures_waiting(user) -> QuerySet:
    """The proposals of measures ``user`` may approve, the oldest first."""
    return (
        measures_for(user)
        .filter(proposal__in=policy.waiting_for(user).values("id"))
        .order_by("proposal__created", "pk")
    )


def documents_of(dossier: RiskDossier) -> QuerySet:
    return DossierDocument.objects.filter(dossier=dossier).select_related("received_by")


def extensions_to_decide(user, today: datetime.date) -> list[Loan]:
    """Loans with an instalment due within 30 days that have an open dossier or an extension
    proposed and not yet decided: decided after the due date, the instalment falls overdue.
    Each loan carries ``due_soon``; the nearest due date first."""
    horizon = today + datetime.timedelta(days=30)
    open_dossiers = RiskDossier.objects.filter(withdrawn_on__isnull=True).exclude(
        measures__transaction__isnull=False
    )
    pending = Measure.objects.filter(
        kind__in=[MeasureKind.EXTENSION, MeasureKind.EXTENSION_WHOLE, MeasureKind.TERM_ADJUSTMENT],
        proposal__status=ProposalStatus.PENDING,
    )
    return list(
        loans_for(user)
        .filter(
            Q(pk__in=open_dossiers.values("loan_id")) | Q(pk__in=pending.values("loan_id")),
            instalments__due__gte=today,
            instalments__due__lte=horizon,
        )
        .annotate(due_soon=Min("instalments__due"))
        .order_by("due_soon", "pk")
    )


def freeze_end(loan: Loan, rows=None) -> datetime.date | None:
    """When the freeze standing on the loan ends: its date plus the months decided. ``rows``:
    the loan's freezes, unfreezes and reversals, when the caller read them already."""
    standing = effective_transactions(loan, None if rows is None else sorted(rows, key=_order))
    freezes = [t for t in standing if t.kind in (K.FREEZE, K.UNFREEZE)]
    if not freezes or freezes[-1].kind != K.FREEZE:
        return None
    latest = freezes[-1]
    return add_months(latest.value_date, int(latest.details.get("months") or 0))


def _order(t: LoanTransaction):
    return (t.value_date, t.pk)


def freezes_expiring(user, today: datetime.date, days: int = 60) -> list[Loan]:
    """Loans whose freeze ends within ``days`` (or has ended and still holds the debt), each
    with ``freeze_ends``; the soonest first. Frozen loans are a small share of an office's:
    their freezes are read in one query, not loan by loan."""
    frozen = {
        loan.pk: loan
        for loan in loans_for(user)
        .filter(principal_frozen__gt=0)
        .select_related("borrower")
        .order_by("pk")
    }
    rows: dict[int, list] = {pk: [] for pk in frozen}
    kinds = (K.FREEZE, K.UNFREEZE, K.REVERSAL)
    for t in LoanTransaction.objects.filter(loan_id__in=list(frozen), kind__in=kinds):
        rows[t.loan_id].append(t)
    found = []
    for pk, loan in frozen.items():
        ends = freeze_end(loan, rows[pk])
        if ends is not None and ends <= today + datetime.timedelta(days=days):
            loan.freeze_ends = ends
            found.append(loan)
    return sorted(found, key=lambda loan: (loan.freeze_ends, loan.pk))


# ------------------------------------------------------------------------- rules in force


def bands_on(day: datetime.date) -> list[LossBand]:
    """The loss bands in force on ``day``, checked to cover 0-100 %."""
    latest = (
        LossBand.objects.filter(effective_from__lte=day)
        .order_by("-effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    rows = list(LossBand.objects.filter(effective_from=latest).order_by("lower"))
    try:
        check_bands([(b.lower, b.upper, b.measure, b.max_months) for b in rows])
    except LoanRuleError as error:
        raise ValidationError(
            _("The loss bands in force on %(day)s are incomplete: an administrator must set them.")
            % {"day": f"{day:%d/%m/%Y}"},
            code="bands",
        ) from error
    return rows


def band_for(dossier: RiskDossier) -> LossBand | None:
    """The band the dossier's loss falls in, by the bands in force on the day of the event."""
    if dossier.loss_percent is None:
        return None
    rows = bands_on(dossier.event_on)
    for band in rows:
        if band.lower <= dossier.loss_percent < band.upper:
            return band
    return rows[-1]  # a total loss: the top band takes 100 %


def source_kind(loan: Loan) -> str:
    return SourceKind.LOCAL if loan.source.level in _LOCAL else SourceKind.CENTRAL


def rule_for(kind: str, loan: Loan) -> ApprovalRule:
    found = ApprovalRule.objects.filter(measure=kind, source_kind=source_kind(loan)).first()
    if found is None:
        raise ValidationError(
            _("No rule says who decides this measure: an administrator must set it."),
            code="no_rule",
        )
    return found


def loss_bands_for(user) -> QuerySet:
    """One set of rules for the installation, as the fee rules are."""
    return LossBand.objects.all()


def approval_rules_for(user) -> QuerySet:
    return ApprovalRule.objects.all()
