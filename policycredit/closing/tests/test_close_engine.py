"""The close's set-based path against the pure-Python engine, on over a thousand generated
loans: three programmes at three rates, two loans of each per household, random amounts and
instalment dates, payments of every shape (all that is due, interest only, part of the
interest, nothing), and on each transaction day some loans frozen, unfrozen on a new schedule,
extended, written off in part, or with an earlier act reversed. After four months of closed
days each loan's overdue principal and debt group are the engine's exactly, the interest
receivable in the books is the engine's interest due within the rounding rule (under a đồng a
loan: each bucket posts whole đồng and carries the fraction), and the deep check, which compares
every stored field of every loan with its replay, finds nothing."""

import datetime
import random

import pytest

from policycredit.accounts.tests.four_eyes import decided
from policycredit.closing import services
from policycredit.common.selectors import replaying
from policycredit.domain.loan import Instalment, state_at
from policycredit.ledger.checks import check_books
from policycredit.loans import services as loans_services
from policycredit.loans.models import Loan, LoanTransaction, Snapshot
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.proof import deep_check
from policycredit.loans.selectors import histories_of, scheduled

from .conftest import loan_request
from .test_close_day import _engine_agrees

pytestmark = pytest.mark.django_db
D = datetime.date
START = D(2025, 1, 10)
# Programmes open to any household of the small world (the poverty ones need the household's
# classification), with the source that funds each there.
PROGRAMMES = {"GQVL": "NS-HBT", "NSVS": "TW", "CHPT": "TW"}


@pytest.fixture
def thousands(db):
    from policycredit.accounts.models import User
    from policycredit.capital.models import CapitalSource
    from policycredit.network.models import Membership
    from policycredit.programmes.models import Programme

    rng = random.Random(40)
    users = {u: User.objects.get(username=u) for u in ("tindung", "giamdoc", "giaodich")}
    programmes = {p.code: p for p in Programme.objects.filter(code__in=PROGRAMMES)}
    sources = {s.code: s for s in CapitalSource.objects.filter(code__in=PROGRAMMES.values())}
    requests = []
    members = Membership.objects.filter(left__isnull=True, household__head__isnull=False)
    # Every other member: over a thousand loans already give each act of _disturb dozens of
    # times and every shape of payment hundreds; the whole world's two thousand cost twice that
    # time on each of the suite's two runs and proved no more.
    for m in members.select_related("household__head", "group").order_by("pk")[::2]:
        for code, source in [*PROGRAMMES.items(), *PROGRAMMES.items()]:
            # Under half of a programme's smallest ceiling (25 million), so two fit.
            amount = rng.randrange(2, 12) * 1_000_000
            dates = sorted(
                {START + datetime.timedelta(days=rng.randrange(15, 110)) for _ in range(3)}
            )
            part = amount // (len(dates) + 2)
            plan = tuple(Instalment(day, part) for day in dates) + (
                Instalment(D(2027, 1, 10), amount - part * len(dates)),
            )
            requests.append(loan_request(m, programmes[code], sources[source], amount, plan))
    with replaying(START):
        loans = loans_services.originate_many(
            actor=users["tindung"],
            approver=users["giamdoc"],
            disburser=users["giaodich"],
            requests=requests,
        )
    return loans, rng


def _pay_some(loans, rng, on):
    """On a transaction day: some pay all that is due, some the interest or part of it."""
    with replaying(on):
        states = histories_of(loans)
        entries = []
        for loan in loans:
            state = state_at(states[loan.pk], on)
            due = state.principal_overdue + sum(
                i.principal for i in state.remaining_instalments if i.due <= on
            )
            shape = rng.random()
            if shape < 0.4:
                entry = (due, state.interest_due)
            elif shape < 0.6:
                entry = (0, state.interest_due)
            elif shape < 0.8:
                entry = (0, state.interest_due * rng.randrange(1, 10) // 10)
            else:
                continue
            if any(entry):
                entries.append((loan, on, *entry))
        loans_services.collect_many(actor=None, entries=entries)


def _disturb(loans, rng, on, actor) -> dict:
    """On a transaction day, the acts that the set-based close cannot follow by itself."""
    done = dict.fromkeys(["freeze", "unfreeze", "extend", "write_off", "reverse"], 0)
    with replaying(on):
        loans = list(Loan.objects.filter(pk__in=[loan.pk for loan in loans]).order_by("pk"))
        histories = histories_of(loans)
        for loan in loans:
            state = state_at(histories[loan.pk], on)
            roll = rng.random()
            if loan.principal_frozen and roll < 0.5:
                ahead = on + datetime.timedelta(days=rng.randrange(3, 40))
                decided(
                    loans_services.unfreeze,
                    loan=loan,
                    on=on,
                    reason="QĐ",
                    instalments=[Instalment(ahead, loan.principal_frozen)],
                )
                done["unfreeze"] += 1
            elif roll < 0.03 and state.principal_in_term + state.principal_overdue:
                decided(
                    loans_services.freeze,
                    loan=loan,
                    on=on,
                    loss_percent=60,
                    months=24,
                    decision="QĐ",
                    amount=(state.principal_in_term + state.principal_overdue) // 2 or None,
                )
                done["freeze"] += 1
            elif roll < 0.05 and (own := scheduled(loan).filter(due__gte=on).first()):
                later = own.due + datetime.timedelta(days=rng.randrange(5, 60))
                decided(
                    loans_services.extend,
                    loan=loan,
                    due=own.due,
                    new_due=later,
                    on=on,
                    reason="Gia hạn",
                )
                done["extend"] += 1
            elif roll < 0.06 and state.principal_outstanding:
                decided(
                    loans_services.write_off,
                    loan=loan,
                    on=on,
                    principal=state.principal_outstanding // 3,
                    interest=state.interest_due // 2,
                    decision="QĐ xóa nợ",
                )
                done["write_off"] += 1
            elif roll < 0.08:
                last = (
                    LoanTransaction.objects.filter(loan=loan, reversed_by__isnull=True)
                    .exclude(kind__in=[K.REVERSAL, K.DISBURSEMENT, K.FREEZE])
                    .order_by("-id")
                    .first()
                )
                if last is not None:
                    decided(
                        loans_services.reverse,
                        proposer="kiemsoat",
                        transaction_to_reverse=last,
                        reason="Sai",
                    )
                    done["reverse"] += 1
    return done


def test_the_sql_close_agrees_with_the_engine_on_thousands_of_loans(thousands):
    from policycredit.accounts.models import User

    loans, rng = thousands
    assert len(loans) >= 1000
    director = User.objects.get(username="giamdoc")
    services.start_at(day=START)
    done = {}
    for month in (2, 3, 4):
        services.close_until(until=D(2025, month, 15))
        _pay_some(loans, rng, D(2025, month, 16))
        for act, count in _disturb(loans, rng, D(2025, month, 16), director).items():
            done[act] = done.get(act, 0) + count
    assert min(done.values()) >= 10, done
    services.close_until(until=D(2025, 4, 30))
    due = _engine_agrees(D(2025, 4, 30))
    assert due > 0
    assert check_books().ok
    report = deep_check()
    assert report.loans >= 1000
    assert report.ok, [str(d) for d in report.differences[:5]]
    # The month-end snapshot counts each borrowing household once per row (two loans each).
    snapshot = Snapshot.objects.filter(month_end=D(2025, 4, 30))
    open_loans = Loan.objects.filter(principal_outstanding__gt=0)
    rows = open_loans.values("group_id", "programme_id", "source_id", "household_id").distinct()
    assert sum(snapshot.values_list("borrowers", flat=True)) == rows.count() < open_loans.count()
    assert sum(snapshot.values_list("loans", flat=True)) == open_loans.count()
