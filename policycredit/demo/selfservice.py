"""The borrowers' own look-ups of the demo district: a month of them in the log, so the office's
page (*Loans › Borrowers' look-ups*) has something to read, and one loan named for the user guide.

Through the self-service's services, each at its moment of the last thirty days: most borrowers
find their loan at the first try and some open the passbook, a few mistype their CCCD ending
first, one number of nobody's is tried, and three hours before the load someone tries one
borrower's details six times (five refusals, then the throttle). The addresses are from the
ranges set aside for documentation (RFC 5737), never a real subscriber's. No draw from the
district's generator: the steps after this one get the numbers they always got.
"""

import datetime
import random

from django.conf import settings
from django.utils import timezone

from policycredit.accounts.models import User
from policycredit.demo.context import Context
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.loans.models import Loan, LoanStatus
from policycredit.selfservice import services

LOOKUPS = 40  # found at once, over the last thirty days
MISTYPED = 6  # of them, a wrong CCCD ending first
PASSBOOKS = 12  # of them, the passbook opened after
NETWORKS = ("192.0.2", "198.51.100", "203.0.113")


def guide_loan() -> Loan | None:
    """The loan the user guide looks up: the first loan in term of the demo group leader's
    group whose borrower has a CCCD and a birth date recorded."""
    group = User.objects.filter(username="totruong").values_list("group_id", flat=True).first()
    return (
        Loan.objects.select_related("borrower")
        .filter(group_id=group, status=LoanStatus.ACTIVE)
        .filter(borrower__cccd__isnull=False, borrower__birth_date__isnull=False)
        .order_by("number")
        .first()
    )


def seed(ctx: Context) -> None:
    guide = guide_loan()
    if guide is None:
        return  # the test world has no loans
    rng = random.Random(21)
    now = timezone.now()
    loans = list(
        Loan.objects.select_related("borrower")
        .filter(office=ctx.office, status__in=OPEN_STATUSES)
        .filter(borrower__cccd__isnull=False, borrower__birth_date__isnull=False)
        .exclude(pk=guide.pk)
        .order_by("number")
    )
    if len(loans) < LOOKUPS + 1:
        return
    chosen = rng.sample(loans, LOOKUPS + 1)
    tried, found = chosen[0], chosen[1:]
    for n, loan in enumerate(found):
        at = now - datetime.timedelta(minutes=rng.randint(60, 30 * 24 * 60))
        address = f"{rng.choice(NETWORKS)}.{rng.randint(1, 254)}"
        if n < MISTYPED:
            _look_up(loan, address, at - datetime.timedelta(minutes=1), wrong=True)
        _look_up(loan, address, at)
        if n < PASSBOOKS:
            services.passbook_opened(loan=loan, address=address, at=at + _MINUTE)
    _look_up(Loan(number="PGD-HBT-2025-999999"), "198.51.100.77", now - datetime.timedelta(days=3))
    guesser = now - datetime.timedelta(hours=3)
    for i in range(6):
        _look_up(tried, "203.0.113.66", guesser + i * _MINUTE, wrong=True)
    ctx.progress(
        f"    look up {guide.number}: CCCD ending "
        f"{guide.borrower.cccd[-settings.POLICYCREDIT_LOOKUP_CCCD_DIGITS :]}, "
        f"born {guide.borrower.birth_date:%d/%m/%Y}"
    )


_MINUTE = datetime.timedelta(minutes=1)


def _look_up(loan: Loan, address: str, at, wrong: bool = False) -> None:
    digits = settings.POLICYCREDIT_LOOKUP_CCCD_DIGITS
    person = loan.borrower if loan.pk else None
    end = person.cccd[-digits:] if person is not None else "0" * digits
    if wrong:
        end = f"{(int(end) + 1) % 10**digits:0{digits}d}"
    born = person.birth_date if person is not None else datetime.date(1980, 1, 1)
    services.look_up(number=loan.number, cccd_end=end, birth_date=born, address=address, at=at)
