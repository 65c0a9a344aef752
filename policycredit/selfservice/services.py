"""The writes of the self-service: a look-up (and its row in the log), a passbook opened, the
purge of old log rows.

A look-up is the borrower's act, not a user's: it has no actor and no role to check, and it
writes no audit event. Its record is the look-up log, which is kept for a period and deleted
(personal data: a client address, the loan looked up); the audit log keeps everything for ever,
so a row there per look-up would outlive the period. The purge, an act of the installation,
is audited.

No enumeration: whatever is wrong (the number, the CCCD ending, the birth date, a borrower
with no CCCD or no birth date recorded), the answer is the same REFUSED, reached through the
same queries: the throttle's two counts, the loan by its number with its borrower (one query,
whether or not it finds a row), one comparison of both details in constant time, one row
written to the log. A throttled look-up reads the loan too (for the log) and compares nothing.
"""

import datetime
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from policycredit.accounts.roles import require_action
from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.loans.models import Loan
from policycredit.selfservice import throttle
from policycredit.selfservice.models import Lookup, Outcome

# Compared against when a number names no loan, or its borrower has no CCCD or birth date: the
# same comparison runs, and nothing typed can equal it.
_NOTHING = "\x00"


@dataclass(frozen=True)
class Answer:
    outcome: str
    loan: Loan | None = None  # when found
    retry_at: datetime.datetime | None = None  # when throttled


def _matches(loan: Loan | None, cccd_end: str, birth_date: datetime.date) -> bool:
    digits = settings.POLICYCREDIT_LOOKUP_CCCD_DIGITS
    person = loan.borrower if loan is not None else None
    cccd = (person.cccd or "") if person is not None else ""
    born = person.birth_date if person is not None else None
    known_end = cccd[-digits:] if len(cccd) >= digits else _NOTHING
    known_day = born.isoformat() if born is not None else _NOTHING
    # Both compared whatever the first gives: no early return to time.
    same_end = hmac.compare_digest(known_end.encode(), cccd_end.encode())
    same_day = hmac.compare_digest(known_day.encode(), birth_date.isoformat().encode())
    return loan is not None and same_end & same_day


def look_up(
    *,
    number: str,
    cccd_end: str,
    birth_date: datetime.date,
    address: str,
    at: datetime.datetime | None = None,
) -> Answer:
    """A borrower's look-up: refused for a while after too many failures (even when right),
    else found or refused; logged either way. `at`: when (the demo's history); now by default."""
    number = throttle.normalised_number(number)
    key = throttle.number_key(number)
    now = at or timezone.now()
    with transaction.atomic():
        retry_at = throttle.refused_until(key, address, now)
        loan = Loan.objects.select_related("borrower").filter(number=number).first()
        if retry_at is not None:
            # Not compared: a right answer now would tell a guesser he has found it. The loan
            # is kept so that the office sees its loans tried past the limit.
            Lookup.objects.create(
                at=now, address=address, number_key=key, outcome=Outcome.THROTTLED, loan=loan
            )
            return Answer(Outcome.THROTTLED, retry_at=retry_at)
        found = _matches(loan, cccd_end, birth_date)
        outcome = Outcome.FOUND if found else Outcome.REFUSED
        Lookup.objects.create(at=now, address=address, number_key=key, outcome=outcome, loan=loan)
    return Answer(outcome, loan=loan if found else None)


def passbook_opened(*, loan: Loan, address: str, at: datetime.datetime | None = None) -> Lookup:
    """A borrower opened the passbook of a loan through the link of a look-up."""
    return Lookup.objects.create(
        at=at or timezone.now(),
        address=address,
        number_key=throttle.number_key(loan.number),
        outcome=Outcome.PASSBOOK,
        loan=loan,
    )


def purge_lookups(*, actor, before: datetime.datetime | None = None) -> int:
    """Deletes the log's rows older than the retention period (or than `before`); the number
    deleted. `actor` is None when the operating system's timer runs it (as the nightly close)."""
    if actor is not None:
        require_action(actor, "selfservice.log")
    if before is None:
        days = settings.POLICYCREDIT_LOOKUP_RETENTION_DAYS
        before = timezone.now() - datetime.timedelta(days=days)
    with transaction.atomic():
        deleted, _ = Lookup.objects.filter(at__lt=before).delete()
        if deleted:
            record(
                actor=actor,
                action=Action.LOOKUP_LOG_PURGED,
                instance=Lookup(at=before, outcome=""),
                new={"before": before.isoformat(), "deleted": deleted},
            )
    return deleted
