"""Reads of the outbox, scoped to the user's offices, and what a reminder would say.

The texts are never written here: a transaction day's message is the transaction day's own
(`transactiondays.documents.notices`, from the point's collection sheets), an overdue one is
`domain.notices.overdue_line` on the loan's row, which the engine keeps.
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from policycredit.accounts.selectors import scope_of
from policycredit.calendar.selectors import next_transaction_day
from policycredit.domain.loan import LoanRuleError, state_at
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.domain.notices import overdue_line, sms_phone
from policycredit.geo.selectors import transaction_points_for
from policycredit.loans.models import Instalment
from policycredit.loans.selectors import histories_of, loans_for
from policycredit.notices import conf
from policycredit.notices.models import Batch, Kind, Message, Status
from policycredit.transactiondays import selectors as day_selectors
from policycredit.transactiondays.documents import notices as day_notices


def messages_for(user) -> QuerySet:
    scope = scope_of(user)
    qs = Message.objects.select_related("household", "office", "point", "loan")
    return qs if scope.everything else qs.filter(office_id__in=scope.office_ids)


def batches_for(user) -> QuerySet:
    scope = scope_of(user)
    qs = Batch.objects.select_related("office", "point", "actor")
    return qs if scope.everything else qs.filter(office_id__in=scope.office_ids)


def counts(messages: QuerySet) -> dict[str, int]:
    """How many messages of each status (every status named, zeros too)."""
    found = dict(messages.order_by().values_list("status").annotate(n=Count("id")))
    return {status: found.get(status, 0) for status in Status.values}


def stuck(messages: QuerySet) -> QuerySet:
    """Messages "sending" for so long that their worker is gone: a person decides."""
    return messages.filter(status=Status.SENDING, claimed_at__lt=timezone.now() - conf.STUCK_AFTER)


def is_stuck(message: Message) -> bool:
    return (
        message.status == Status.SENDING
        and message.claimed_at is not None
        and message.claimed_at < timezone.now() - conf.STUCK_AFTER
    )


@dataclass(frozen=True)
class Candidate:
    """A message a reminder would queue: to whom, about what, in which words."""

    office_id: int
    household: object
    name: str
    kind: str
    about: datetime.date
    key: str
    text: str
    phone: str | None  # None: no usable number, the household is listed instead
    point_id: int | None = None
    loan_id: int | None = None


def day_key(household_id: int, point_id: int, day: datetime.date) -> str:
    return f"{Kind.BEFORE_DAY}:{household_id}:{point_id}:{day.isoformat()}"


def overdue_key(loan_id: int, due: datetime.date) -> str:
    return f"{Kind.OVERDUE}:{loan_id}:{due.isoformat()}"


def day_candidates(reader, point, day: datetime.date) -> list[Candidate]:
    """The transaction day's messages at a point: the same lines as its notices page."""
    sheets = day_selectors.point_sheets(reader, point, day)
    where = SimpleNamespace(office=point.office, point=point, date=day)
    return [
        Candidate(
            office_id=point.office_id,
            household=household,
            name=name,
            kind=Kind.BEFORE_DAY,
            about=day,
            key=day_key(household.pk, point.pk, day),
            text=text,
            phone=sms_phone(household.phone),
            point_id=point.pk,
        )
        for household, name, text in day_notices(where, sheets)
    ]


def points_meeting(reader, on: datetime.date, ahead: int) -> list[tuple]:
    """(point, date) of every point in operation whose next transaction day comes within
    ``ahead`` days after ``on``."""
    found = []
    last = on + datetime.timedelta(days=ahead)
    for point in transaction_points_for(reader).filter(active=True).order_by("code"):
        day = next_transaction_day(point, on + datetime.timedelta(days=1))
        if day <= last:
            found.append((point, day))
    return found


def overdue_candidates(reader, on: datetime.date) -> list[Candidate]:
    """One message per loan and instalment that fell overdue at the close of one of the last
    days (from ``on`` minus `conf.overdue_within` to the day before ``on``) and is overdue
    still. The engine says which: the loan's overdue principal grew from the instalment's
    day to the next (its close transferred it); the amount told is the loan row's overdue
    principal now (the engine's cache)."""
    since = on - datetime.timedelta(days=conf.overdue_within())
    loans = loans_for(reader).filter(status__in=OPEN_STATUSES, principal_overdue__gt=0)
    instalments = list(
        Instalment.objects.filter(loan__in=loans, due__gte=since, due__lt=on)
        .select_related("loan__office", "loan__household__head", "loan__borrower")
        .order_by("due", "loan__number")
    )
    histories = histories_of(list({i.loan_id: i.loan for i in instalments}.values()))
    found = []
    for instalment in instalments:
        loan, due = instalment.loan, instalment.due
        if not _fell_overdue(histories[loan.pk], due):
            continue
        household = loan.household
        name = household.head.full_name if household.head_id else loan.borrower.full_name
        found.append(
            Candidate(
                office_id=loan.office_id,
                household=household,
                name=name,
                kind=Kind.OVERDUE,
                about=due,
                key=overdue_key(loan.pk, due),
                text=overdue_line(
                    office=loan.office.name,
                    household_code=household.code,
                    name=name,
                    contract=loan.number,
                    due=due,
                    overdue=loan.principal_overdue,
                ),
                phone=sms_phone(household.phone),
                loan_id=loan.pk,
            )
        )
    return found


def _fell_overdue(history, due: datetime.date) -> bool:
    try:
        before = state_at(history, due).principal_overdue
        after = state_at(history, due + datetime.timedelta(days=1)).principal_overdue
    except LoanRuleError:
        return False  # a history the engine refuses is shown on the loan's page, not texted
    return after > before


def filtered(messages: QuerySet, *, status=None, kind=None, about=None) -> QuerySet:
    q = Q()
    if status:
        q &= Q(status=status)
    if kind:
        q &= Q(kind=kind)
    if about:
        q &= Q(about=about)
    return messages.filter(q)
