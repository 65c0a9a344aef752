"""``policycredit bench transaction-day``: the sheets of a busy point and the posting of a day.

A scratch database gets the demo district's people (no loan history), all its groups are put
at one transaction point, and a thousand households there borrow through the normal
services. Then, as on a real morning and afternoon, it times:

* ``sheets_seconds`` — every group's collection sheet for the point on the day;
* ``entry_seconds`` — the teller saving 500 collections group by group (reported, no target);
* ``post_seconds`` — the controller's sign-off posting those 500 entries to the loans and the
  books in one transaction.

The database is the one Django is configured with (the command runs this in a subprocess
pointed at a scratch SQLite file or a scratch PostgreSQL database).
"""

import datetime
import time

from django.db import connection

from policycredit.accounts.models import User
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.demo import district
from policycredit.domain.schedule import default_schedule
from policycredit.geo.models import TransactionPoint
from policycredit.loans import services as loans
from policycredit.network.models import Membership, SavingsGroup
from policycredit.programmes.models import Programme
from policycredit.transactiondays import selectors, services

START = datetime.date(2025, 1, 10)
DAY = datetime.date(2025, 6, 10)


def build_point(borrowers: int):

    district.build(progress=lambda m: None, households=int(borrowers * 1.3), with_loans=False)
    point = TransactionPoint.objects.order_by("pk").first()
    # A synthetic busy point: every group banks here (bench set-up, not a business write).
    SavingsGroup.objects.update(transaction_point=point)
    # …holding its session on DAY (a day opens only on its point's session).
    TransactionPoint.objects.filter(pk=point.pk).update(day_of_month=DAY.day)
    point.refresh_from_db()
    officer = User.objects.get(username="tindung")
    director = User.objects.get(username="giamdoc")
    teller = User.objects.get(username="giaodich")
    programme = Programme.objects.get(code="GQVL")
    source = CapitalSource.objects.get(code="NS-HBT")
    members = list(
        Membership.objects.filter(left__isnull=True, joined__lte=START)
        .select_related("household__head", "group")
        .order_by("pk")[:borrowers]
    )
    requests = [
        loans.LoanRequest(
            household=m.household,
            borrower=m.household.head,
            programme=programme,
            group=m.group,
            amount=20_000_000,
            term_months=24,
            purpose="Mở rộng sản xuất",
            applied_on=START - datetime.timedelta(days=9),
            approved_on=START - datetime.timedelta(days=2),
            disbursed_on=START,
            source=source,
            instalments=tuple(default_schedule(20_000_000, START, 24)),
            jobs_new_planned=1,
            jobs_maintained_planned=1,
        )
        for m in members
        if m.household.head_id
    ]
    with replaying(START):
        made = loans.originate_many(
            actor=officer, approver=director, disburser=teller, requests=requests
        )
    return point, teller, len(made)


def run(borrowers: int = 1000, entries: int = 500) -> dict:

    point, teller, made = build_point(borrowers)
    controller = User.objects.get(username="kiemsoat")
    with replaying(DAY):
        started = time.perf_counter()
        sheets = selectors.point_sheets(teller, point, DAY)
        sheets_seconds = time.perf_counter() - started
        day = services.open_day(actor=teller, point=point, on=DAY)
        started = time.perf_counter()
        taken = 0
        for sheet in sheets:
            rows = []
            for member in sheet.members:
                for line in member.loans:
                    if taken < entries and line.interest_due:
                        rows.append(
                            services.Collected(loan_id=line.loan.pk, interest=line.interest_due)
                        )
                        taken += 1
            if rows:
                services.save_group(actor=teller, day=day, group=sheet.group, rows=rows)
        entry_seconds = time.perf_counter() - started
        expected = selectors.expected_cash(day)
        services.record_cash_count(
            actor=teller,
            day=day,
            counts={100: expected // 100},
            note="" if expected % 100 == 0 else "tiền lẻ dưới 100 đồng",
        )
        for group in selectors.groups_not_entered(day):  # the groups beyond the 500 entries
            services.record_no_collection(actor=teller, day=day, group=group, reason="bench")
        services.submit(actor=teller, day=day)
        seen = selectors.posting_summary(day).fingerprint  # what the controller confirms
        started = time.perf_counter()
        services.sign_off(actor=controller, day=day, seen=seen)
        post_seconds = time.perf_counter() - started
    return {
        "database": connection.vendor,
        "borrowers": sum(s.borrowers for s in sheets),
        "loans": made,
        "entries": taken,
        "sheets_seconds": round(sheets_seconds, 3),
        "entry_seconds": round(entry_seconds, 3),
        "post_seconds": round(post_seconds, 3),
    }
