"""The office that ``policycredit bench load`` puts under load, built in its scratch database.

The demo district gives the people, groups and organisations (no loan history). Its groups are
then dealt out, a few at a time, to new transaction points in their own wards, so that every
simulated teller has points of its own and no two tellers ever share a day. Every member of
those groups has borrowed a month before the bench day, so each has interest due on the day,
and every other one also its first principal instalment: the sheets the tellers open are full.
The bench's users (tellers, controllers, directors) are made through the accounts' service.

What is built is described by a plan (JSON) that the load generator reads: the day, the
password, each teller's points and their groups, the controllers and the directors.
"""

import datetime
import math
import time

from django.contrib.auth.hashers import make_password
from django.db import transaction

from policycredit.accounts import policy
from policycredit.accounts.models import User
from policycredit.accounts.roles import Role
from policycredit.accounts.services import save_user
from policycredit.calendar.selectors import sessions_around
from policycredit.calendar.services import move_day
from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.capital.services import save_decision
from policycredit.common.selectors import business_date, replaying
from policycredit.demo import district, wards
from policycredit.domain.dates import add_months
from policycredit.domain.history import Instalment
from policycredit.domain.schedule import default_schedule
from policycredit.geo.models import TransactionPoint
from policycredit.geo.services import save_transaction_point
from policycredit.loans import services as loans
from policycredit.network.models import Membership
from policycredit.network.services import save_group
from policycredit.programmes.models import Programme

# Few groups a point (a real point has about 17): a simulated teller then finishes a day, and a
# controller signs it off, within a run of a few minutes.
GROUPS_PER_POINT = 4
MEMBERS_PER_GROUP = 20
AMOUNT = 20_000_000
FIRST_INSTALMENT = 1_000_000
TERM_MONTHS = 24
PASSWORD = "bench-load-not-secret"  # a scratch database, dropped after the run
BATCH = 5_000
REPORTS = ["outstanding", "overdue", "turnover", "capital-use", "fees", "directive40"]


def build(*, tellers: int, controllers: int, directors: int, days_per_teller: int) -> dict:
    started = time.perf_counter()
    day = business_date()
    disbursed = add_months(day, -1)
    points_needed = tellers * days_per_teller
    per_ward = GROUPS_PER_POINT * math.ceil(points_needed / len(wards.OLD_WARDS))
    ctx = district.build(
        progress=lambda message: None,
        households=per_ward * len(wards.OLD_WARDS) * MEMBERS_PER_GROUP,
        groups_per_point=per_ward,
        with_loans=False,
    )
    points = _deal_groups(ctx, points_needed, day)
    made = _lend(ctx, [g for _p, groups in points for g in groups], disbursed, day)
    users = _users(ctx, tellers, controllers, directors)
    plan = {
        "day": f"{day:%d/%m/%Y}",
        "password": PASSWORD,
        "tellers": [
            {
                "username": username,
                "points": [
                    {"id": point.pk, "groups": [g.pk for g in groups]}
                    for point, groups in points[n * days_per_teller : (n + 1) * days_per_teller]
                ],
            }
            for n, username in enumerate(users[Role.TELLER])
        ],
        "controllers": users[Role.CONTROLLER],
        "directors": users[Role.DIRECTOR],
        "reports": REPORTS,
    }
    return {
        "plan": plan,
        "portfolio": {
            "points": len(points),
            "groups": len(points) * GROUPS_PER_POINT,
            "households": len(ctx.households),
            "loans": made,
            "build_seconds": round(time.perf_counter() - started, 1),
        },
    }


def _deal_groups(ctx, count: int, day: datetime.date) -> list[tuple]:
    """``count`` new points of GROUPS_PER_POINT groups each, taken ward by ward in turn so the
    tellers are spread over the district, each holding its session on the bench day."""
    by_ward: dict[int, list] = {}
    for group in sorted(ctx.groups, key=lambda g: g.code):
        by_ward.setdefault(group.transaction_point_id, []).append(group)
    home = {p.pk: p for p in ctx.points.values()}
    chunks = {
        point_id: [
            groups[i : i + GROUPS_PER_POINT]
            for i in range(0, len(groups) - GROUPS_PER_POINT + 1, GROUPS_PER_POINT)
        ]
        for point_id, groups in by_ward.items()
    }
    taken = []
    for k in range(max(len(c) for c in chunks.values())):
        for point_id, ward_chunks in chunks.items():
            if k < len(ward_chunks) and len(taken) < count:
                taken.append((home[point_id], k + 1, ward_chunks[k]))
    if len(taken) < count:
        raise AssertionError(f"the district has groups for {len(taken)} points, not {count}")
    dealt = []
    with transaction.atomic():
        for ward_point, k, groups in taken:
            point = save_transaction_point(
                actor=ctx.actor,
                instance=TransactionPoint(
                    code=f"{ward_point.code}-{k:02d}",
                    name=f"{ward_point.name} – bàn {k}",
                    office=ward_point.office,
                    ward=ward_point.ward,
                    address=ward_point.address,
                    day_of_month=day.day,
                ),
            )
            _hold_session_on(ctx, point, day)
            for group in groups:
                group.transaction_point = point
                save_group(actor=ctx.actor, instance=group)
            dealt.append((point, groups))
    return dealt


def _hold_session_on(ctx, point, day: datetime.date) -> None:
    """A day opens only on its point's session. The point's rule puts it on the bench day unless
    that is a weekend or a holiday (the session then shifts): the calendar's move brings it back,
    as an officer would record it."""
    sessions, _data = sessions_around(point, day)
    session = next(s for s in sessions if (s.fixed.year, s.fixed.month) == (day.year, day.month))
    if session.date != day:
        move_day(
            actor=ctx.actor,
            point=point,
            original=session.date,
            moved_to=day,
            reason="Bài đo tải: phiên giao dịch vào ngày đo",
        )


def _schedule(n: int, disbursed: datetime.date, day: datetime.date) -> tuple:
    """Every other loan repays a first instalment on the bench day; the rest only owe
    interest then."""
    if n % 2:
        return tuple(default_schedule(AMOUNT, disbursed, TERM_MONTHS))
    rest = AMOUNT - FIRST_INSTALMENT
    return (
        Instalment(day, FIRST_INSTALMENT),
        Instalment(add_months(disbursed, 12), rest // 2),
        Instalment(add_months(disbursed, TERM_MONTHS), rest - rest // 2),
    )


def _lend(ctx, groups: list, disbursed: datetime.date, day: datetime.date) -> int:
    officer = User.objects.get(username="tindung")
    director = User.objects.get(username="giamdoc")
    teller = User.objects.get(username="giaodich")
    programme = Programme.objects.get(code="GQVL")
    source = CapitalSource.objects.get(code="NS-HBT")
    members = list(
        Membership.objects.filter(
            group__in=groups,
            left__isnull=True,
            joined__lte=disbursed,
            household__head__isnull=False,
        )
        .select_related("household__head", "household__office", "group")
        .order_by("group__code", "pk")
    )
    # The district's own capital plan lends far less than the bench does: a decision of its
    # own gives the source the room.
    # Entered by the accountant, approved by the director (four eyes).
    proposal = save_decision(
        actor=User.objects.get(username="ketoan"),
        instance=EntrustmentDecision(
            source=source,
            office=ctx.office,
            number="BENCH/QĐ-UBND",
            date=disbursed - datetime.timedelta(days=30),
            amount=AMOUNT * len(members),
            note="Vốn ủy thác cho bài đo tải",
        ),
        programmes=[programme],
    )
    policy.approve(actor=User.objects.get(username="giamdoc"), proposal=proposal)
    requests = [
        loans.LoanRequest(
            household=m.household,
            borrower=m.household.head,
            programme=programme,
            group=m.group,
            amount=AMOUNT,
            term_months=TERM_MONTHS,
            purpose="Mở rộng sản xuất",
            applied_on=disbursed - datetime.timedelta(days=9),
            approved_on=disbursed - datetime.timedelta(days=2),
            disbursed_on=disbursed,
            source=source,
            instalments=_schedule(n, disbursed, day),
            jobs_new_planned=1,
            jobs_maintained_planned=1,
        )
        for n, m in enumerate(members)
    ]
    made = 0
    with replaying(disbursed):
        for i in range(0, len(requests), BATCH):
            made += len(
                loans.originate_many(
                    actor=officer,
                    approver=director,
                    disburser=teller,
                    requests=requests[i : i + BATCH],
                )
            )
    return made


def _users(ctx, tellers: int, controllers: int, directors: int) -> dict:
    """The bench's log-ins, all at the office. One password hash for all: hashing is meant to
    be slow, and a few hundred of them would take minutes."""
    password = make_password(PASSWORD)
    made = {}
    for role, prefix, count in (
        (Role.TELLER, "bench.gdv", tellers),
        (Role.CONTROLLER, "bench.ks", controllers),
        (Role.DIRECTOR, "bench.gd", directors),
    ):
        made[role] = []
        for n in range(1, count + 1):
            user = save_user(  # at the console: no second person to approve
                actor=None,
                instance=User(
                    username=f"{prefix}{n:03d}",
                    role=role,
                    office=ctx.office,
                    first_name="Người đo",
                    last_name=f"{prefix[6:].upper()} {n}",
                    password=password,
                ),
            )
            made[role].append(user.username)
    return made
