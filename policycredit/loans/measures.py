"""The measures on a loan after an objective risk or a change in the household (extension of an
instalment or of the whole loan, term adjustment, freeze, unfreeze, write-off, transfer of the
debt): the checks each must pass and, read-only, what it would do.

The services (`loans.services.events`) and :func:`preview` call the same checks and the same
schedule functions, so a screen shows the refusal, and the figures, that the service would give
before anyone proposes the measure. :func:`preview` replays the loan's real history through the
engine twice, as it stands and with the measure's transaction added the way the service would
add it (the same `selectors.history_of` over the same rows: a transaction that is built here and
never saved), and writes nothing.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from policycredit.common.services import require
from policycredit.domain import schedule as schedules
from policycredit.domain.dates import add_months
from policycredit.domain.loan import Instalment, LoanHistory, LoanRuleError, state_at
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.domain.money import format_vnd
from policycredit.domain.risk import DEFAULT_BANDS, FREEZE, treatment_for
from policycredit.loans.errors import as_validation_error
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import effective_transactions, history_of, scheduled

KINDS = (
    "extension",
    "extension_whole",
    "term_adjustment",
    "freeze",
    "unfreeze",
    "write_off",
    "transfer",
)
# Where a measure moves no due date and ends no freeze, its effect is shown a month on.
_DEFAULT_HORIZON = datetime.timedelta(days=30)
_ONE_DAY = datetime.timedelta(days=1)


# --------------------------------------------------------------------------- shared checks


def plan_json(plan) -> list:
    return [{"due": i.due.isoformat(), "principal": i.principal} for i in plan]


def own_schedule(loan: Loan) -> list[Instalment]:
    """The loan's own schedule as it stands (without what an unfreeze scheduled)."""
    return [Instalment(i.due, i.principal) for i in scheduled(loan)]


def require_reason(text: str, message) -> None:
    require(bool((text or "").strip()), message, code="reason_required")


def original_maturity(loan: Loan) -> datetime.date | None:
    """The maturity of the schedule the loan was given: the one the first change of schedule
    replaced (kept in that transaction even if it was reversed since), or the schedule now."""
    first = (
        loan.transactions.filter(kind__in=[K.EXTENSION, K.TERM_ADJUSTMENT]).order_by("id").first()
    )
    if first is None:
        return schedules.maturity(own_schedule(loan))
    rows = first.details.get("previous_schedule", [])
    return max((datetime.date.fromisoformat(r["due"]) for r in rows), default=None)


def check_extension_ceiling(loan: Loan, plan) -> None:
    """All the loan's extensions together stay within its programme's ceiling (a share of the
    original term, `ProgrammeTerms.extension_*_percent`): the latest maturity against the
    original contract maturity."""
    original, new = original_maturity(loan), schedules.maturity(plan)
    if original is None or new is None or new <= original:
        return
    terms = loan.terms
    ceiling = schedules.extension_ceiling(
        loan.term_months, terms.extension_short_percent, terms.extension_long_percent
    )
    require(
        schedules.within_ceiling(original, new, ceiling),
        _(
            "The programme allows this loan at most %(months)d months of extension in all "
            "beyond its original maturity of %(original)s; this would move it to %(new)s."
        )
        % {"months": ceiling, "original": f"{original:%d/%m/%Y}", "new": f"{new:%d/%m/%Y}"},
        code="extension_ceiling",
    )


def extension_plan(loan: Loan, *, due, new_due, on, reason) -> tuple[Instalment, ...]:
    """The schedule after moving the instalment due on ``due`` to ``new_due`` (gia hạn)."""
    require(
        on <= due,
        _("An extension must be granted before the instalment falls due."),
        code="too_late",
    )
    require(
        new_due > due, _("The new due date must be later than the old one."), code="bad_date_order"
    )
    current = own_schedule(loan)
    require(
        any(i.due == due for i in current),
        _("No instalment falls due on that date."),
        code="no_such_instalment",
    )
    require_reason(reason, _("A schedule change needs its reason."))
    plan = schedules.extend(current, due, new_due)
    check_extension_ceiling(loan, plan)
    return plan


def extension_whole_plan(loan: Loan, *, months, on, reason) -> tuple[Instalment, ...]:
    """The schedule after moving every instalment due on or after ``on`` ``months`` later."""
    require(
        isinstance(months, int) and not isinstance(months, bool) and months >= 1,
        _("An extension moves the instalments by one month or more."),
        code="months",
    )
    require_open(loan)
    current = own_schedule(loan)
    require(
        any(i.due >= on for i in current),
        _("No instalment falls due on or after that date: there is nothing to extend."),
        code="no_such_instalment",
    )
    require_reason(reason, _("A schedule change needs its reason."))
    plan = schedules.extend_whole(current, on, months)
    check_extension_ceiling(loan, plan)
    return plan


def bands_from_json(rows) -> tuple:
    """Loss bands kept in a proposal ([lower, upper, action, max_months], Decimals as strings)
    as the engine reads them. None keeps the engine's defaults: a freeze proposed outside a
    dossier has no bands of its own in force to be measured against."""
    if rows is None:
        return DEFAULT_BANDS
    return tuple(
        (Decimal(lower), Decimal(upper), action, months) for lower, upper, action, months in rows
    )


def check_freeze(*, loss_percent, months, bands=None) -> None:
    """Khoanh nợ only in a freeze band of the loss, and no longer than that band allows."""
    try:
        treatment = treatment_for(Decimal(str(loss_percent)), bands_from_json(bands))
    except LoanRuleError as error:
        raise as_validation_error(error) from error
    actions = {"extension": _("an extension"), "freeze": _("a freeze")}
    require(
        treatment.action == FREEZE,
        _("A loss of %(loss)s%% calls for %(action)s, not a freeze.")
        % {"loss": loss_percent, "action": actions.get(treatment.action, treatment.action)},
        code="band",
    )
    require(
        0 < months and (treatment.max_months is None or months <= treatment.max_months),
        _("At this loss a debt may be frozen for at most %(months)d months.")
        % {"months": treatment.max_months},
        code="band",
    )


def term_adjustment_plan(loan: Loan, *, instalments, on, reason) -> tuple[Instalment, ...]:
    """Điều chỉnh kỳ hạn nợ re-spreads the principal owed in term within the agreed term:
    ``instalments`` are the new ones, due on or after ``on``, adding up to what is owed in term
    and ending no later than the maturity now. Moving principal past the maturity is an
    extension (gia hạn), decided as one and held to the programme's ceiling, so it is refused
    here rather than slipped through.

    The engine replays a loan from its first day against one schedule, so the schedule returned
    is the whole one: the instalments already fallen due kept as they are (overdue stays
    overdue), the part of later ones already paid ahead kept on its dates, then the new ones.
    The replay must then find every đồng in term scheduled, no more and no less."""
    require_reason(reason, _("A schedule change needs its reason."))
    require_open(loan)
    rows = tuple(instalments)
    require(
        all(i.due >= on for i in rows),
        _("Each new instalment falls due on or after the date of the adjustment."),
        code="bad_date_order",
    )
    current = own_schedule(loan)
    maturity, last = schedules.maturity(current), schedules.maturity(rows)
    require(
        last is None or maturity is None or last <= maturity,
        _(
            "The new schedule ends on %(last)s, after the loan's maturity of %(maturity)s: a term "
            "adjustment stays within the agreed term. Propose an extension instead."
        )
        % {"last": _shown(last), "maturity": _shown(maturity)},
        code="beyond_maturity",
    )
    transactions = effective_transactions(loan)
    before = _state(history_of(loan, transactions, current), on)
    owed = before.principal_in_term
    spread = schedules.total(rows)
    require(
        spread == owed,
        _("The new instalments add up to %(total)s đồng, not the %(owed)s đồng owed in term.")
        % {"total": format_vnd(spread, unit=""), "owed": format_vnd(owed, unit="")},
        code="total",
    )
    plan = _whole_schedule(current, before.remaining_instalments, rows, on)
    after = _state(history_of(loan, transactions, plan), on)
    require(
        after.remaining_instalments == _by_date(rows)
        and after.principal_in_term == owed
        and after.principal_overdue == before.principal_overdue,
        _(
            "The new instalments fall due before what was paid ahead of its date on this "
            "loan: start them after %(day)s."
        )
        % {"day": _shown(max((i.due for i in plan if i not in rows), default=on))},
        code="paid_ahead",
    )
    return plan


def _whole_schedule(current, remaining, rows, on) -> tuple[Instalment, ...]:
    unpaid = {i.due: i.principal for i in remaining}
    kept = [
        Instalment(i.due, i.principal if i.due < on else i.principal - unpaid.get(i.due, 0))
        for i in current
    ]
    return _by_date([*(i for i in kept if i.principal > 0), *rows])


def _by_date(items) -> tuple[Instalment, ...]:
    """One instalment a date, nearest first, as the engine lists what remains."""
    merged: dict[datetime.date, int] = {}
    for item in items:
        merged[item.due] = merged.get(item.due, 0) + item.principal
    return tuple(Instalment(due, amount) for due, amount in sorted(merged.items()))


def _state(history: LoanHistory, day: datetime.date):
    try:
        return state_at(history, day)
    except LoanRuleError as error:
        raise as_validation_error(error) from error


def _shown(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def check_unfreeze(loan: Loan, *, reason) -> None:
    require_reason(reason, _("An unfreeze needs its decision."))
    require(
        Loan.objects.get(pk=loan.pk).principal_frozen > 0,
        _("Nothing is frozen on this loan: there is no freeze to end."),
        code="not_frozen",
    )


def check_write_off(*, decision) -> None:
    require_reason(decision, _("A write-off needs the deciding document."))


def require_open(loan: Loan) -> None:
    require(
        Loan.objects.get(pk=loan.pk).status in OPEN_STATUSES,
        _("This loan is settled: nothing is left to change on it."),
        code="loan_closed",
    )


def check_transfer(loan: Loan, *, to_borrower, reason) -> None:
    """Chuyển nợ only to another member of the loan's own household, while a debt is left."""
    require_reason(reason, _("A transfer of the debt needs its reason (death, moving away)."))
    require_open(loan)
    current = Loan.objects.only("borrower_id", "household_id").get(pk=loan.pk)
    require(
        to_borrower.pk != current.borrower_id,
        _("%(person)s already owes this loan.") % {"person": to_borrower.full_name},
        code="same_borrower",
    )
    require(
        to_borrower.household_id == current.household_id,
        _(
            "%(person)s is not a member of the loan's household: a debt passes only to "
            "another member of the same household."
        )
        % {"person": to_borrower.full_name},
        code="not_household_member",
    )


# --------------------------------------------------------------------------------- preview


@dataclass(frozen=True)
class Figures:
    """A loan at one date, as the engine replays it."""

    as_of: datetime.date
    principal_outstanding: int
    principal_in_term: int
    principal_overdue: int
    principal_frozen: int
    principal_written_off: int
    interest_due: int
    next_due: datetime.date | None
    maturity: datetime.date | None  # the last due date of the schedule, unfreeze's included
    schedule: tuple[Instalment, ...]  # what is still to fall due, nearest first


@dataclass(frozen=True)
class Preview:
    """A measure's before and after, at its date (``on``) and at ``horizon``: the day after
    the latest due date it moves, the end of a freeze, or otherwise a month on."""

    kind: str
    on: datetime.date
    horizon: datetime.date
    borrower: str
    borrower_after: str
    before: Figures
    after: Figures
    before_at_horizon: Figures
    after_at_horizon: Figures


@dataclass(frozen=True)
class _Change:
    row: LoanTransaction | None = None  # the transaction the service would append
    plan: tuple[Instalment, ...] | None = None  # the loan's own schedule after it
    horizon: datetime.date | None = None
    to_borrower: object = None


def _row(loan, kind, on, *, principal=0, interest=0, details=None) -> LoanTransaction:
    # Never saved: it only stands in the list of rows the engine's history is built from.
    return LoanTransaction(
        loan=loan,
        kind=kind,
        value_date=on,
        principal=principal,
        interest=interest,
        details=details or {},
    )


def _day_after_latest(dues) -> datetime.date | None:
    latest = max(dues, default=None)
    return None if latest is None else latest + _ONE_DAY


def _extension(loan, on, p) -> _Change:
    plan = extension_plan(loan, due=p["due"], new_due=p["new_due"], on=on, reason=p["reason"])
    return _Change(plan=plan, horizon=p["due"] + _ONE_DAY)


def _extension_whole(loan, on, p) -> _Change:
    plan = extension_whole_plan(loan, months=p["months"], on=on, reason=p["reason"])
    moved = [i.due for i in own_schedule(loan) if i.due >= on]
    return _Change(plan=plan, horizon=_day_after_latest(moved))


def _term_adjustment(loan, on, p) -> _Change:
    plan = term_adjustment_plan(loan, instalments=p["instalments"], on=on, reason=p["reason"])
    kept = set(plan)
    moved = [i.due for i in own_schedule(loan) if i not in kept]
    return _Change(plan=plan, horizon=_day_after_latest(moved))


def _freeze(loan, on, p) -> _Change:
    check_freeze(loss_percent=p["loss_percent"], months=p["months"], bands=p.get("bands"))
    amount = p.get("amount")
    return _Change(
        row=_row(loan, K.FREEZE, on, details={"amount": amount}),
        horizon=add_months(on, p["months"]),
    )


def _unfreeze(loan, on, p) -> _Change:
    check_unfreeze(loan, reason=p["reason"])
    details = {"schedule": plan_json(p["instalments"])}
    return _Change(row=_row(loan, K.UNFREEZE, on, details=details))


def _write_off(loan, on, p) -> _Change:
    check_write_off(decision=p["decision"])
    return _Change(
        row=_row(loan, K.WRITE_OFF, on, principal=p["principal"], interest=p["interest"])
    )


def _transfer(loan, on, p) -> _Change:
    check_transfer(loan, to_borrower=p["to_borrower"], reason=p["reason"])
    return _Change(to_borrower=p["to_borrower"])


_MEASURES = {
    "extension": _extension,
    "extension_whole": _extension_whole,
    "term_adjustment": _term_adjustment,
    "freeze": _freeze,
    "unfreeze": _unfreeze,
    "write_off": _write_off,
    "transfer": _transfer,
}


def _maturity(history: LoanHistory) -> datetime.date | None:
    returned = [i for f in history.freezes for i in f.instalments]
    return schedules.maturity([*history.instalments, *returned])


def _figures(history: LoanHistory, day: datetime.date) -> Figures:
    state = _state(history, day)
    return Figures(
        as_of=day,
        principal_outstanding=state.principal_outstanding,
        principal_in_term=state.principal_in_term,
        principal_overdue=state.principal_overdue,
        principal_frozen=state.principal_frozen,
        principal_written_off=state.principal_written_off,
        interest_due=state.interest_due,
        next_due=state.next_due.due if state.next_due else None,
        maturity=_maturity(history),
        schedule=state.remaining_instalments,
    )


def preview(loan: Loan, kind: str, params: dict, on: datetime.date) -> Preview:
    """What the measure ``kind`` with the service's keyword values ``params`` would do to the
    loan on ``on``: before and after, at ``on`` and at the horizon. Raises the service's
    ValidationError for a measure the service would refuse; writes nothing."""
    require(kind in _MEASURES, _("Unknown measure."), code="unknown_measure")
    change = _MEASURES[kind](loan, on, params)
    rows = effective_transactions(loan)
    own = own_schedule(loan)
    before = history_of(loan, rows, own)
    # A later transaction of the same date comes after those already there, as the service's
    # would (the log is read by value date, then by id).
    after_rows = rows if change.row is None else sorted([*rows, change.row], key=_value_date)
    after = history_of(loan, after_rows, own if change.plan is None else change.plan)
    horizon = change.horizon if change.horizon and change.horizon > on else on + _DEFAULT_HORIZON
    name = loan.borrower.full_name
    return Preview(
        kind=kind,
        on=on,
        horizon=horizon,
        borrower=name,
        borrower_after=change.to_borrower.full_name if change.to_borrower else name,
        before=_figures(before, on),
        after=_figures(after, on),
        before_at_horizon=_figures(before, horizon),
        after_at_horizon=_figures(after, horizon),
    )


def _value_date(row) -> datetime.date:
    return row.value_date
