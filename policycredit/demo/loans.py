"""The demo district's loans from 2014 to today, made by driving the loan services.

Month by month, in date order, as the bank would have lived it: the month's principal
instalments are repaid on their transaction days (a few late, a few never), then every capital
source lends again until TARGET_USE of what it has been entrusted is out, so capital is lent,
not idle. Applications go through their steps and are disbursed from a source that must have
room; a few borrowers hit by a disaster have their debt frozen and some of it written off.
Interest is then collected by the group leaders, computed by the same engine and posted in one
batch. Nothing is dated on or after today: today's transaction day is still to be held. Nothing
writes a balance: every balance comes from the transaction log through the engine.

Job-creation loans plan plausible jobs (`loan_terms`): a household about one new job and one to
three kept, an establishment at most 100 million đồng per job. The district's review of June
2024 claims over 2,100 new and 3,500 kept jobs a year: the demo reaches them with all the
office's job-creation loans of a year, whatever their source (docs/demo.md).
"""

import calendar
import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum

from policycredit.accounts import policy
from policycredit.accounts.models import User
from policycredit.borrowers.models import PovertyRecord, PovertyStatus
from policycredit.capital.models import EntrustmentDecision
from policycredit.common.selectors import replaying
from policycredit.domain import schedule
from policycredit.domain.accrual import DayRates, round_exact
from policycredit.domain.dates import add_months
from policycredit.domain.loan import state_at
from policycredit.ledger.selectors import entrusted_by, lent_by
from policycredit.loans import services
from policycredit.loans.models import Loan
from policycredit.loans.selectors import histories_of, history_of
from policycredit.programmes.models import Programme

START = datetime.date(2014, 1, 1)

# Capital is lent, not kept: each month every source lends until this share of what it has been
# entrusted is out (repayments come back and are lent again), at most MONTHLY_SHARE of it in one
# month, so 2014's first fill and each new decision spread over several transaction days.
TARGET_USE = 0.97
MONTHLY_SHARE = 0.10
# Nor does a source make more loans in a month than one for every LOANS_PER_HOUSEHOLDS member
# households: a small test world keeps lending every month instead of lending out all its
# households at once.
LOANS_PER_HOUSEHOLDS = 70

# What each source lends to, by number of loans: the district budget only job creation; the
# city's budget job creation and the poor; central capital every programme, job creation from
# the national employment fund among them (Hà Nội's urban districts have few poor households).
MIX = {
    "central": [("GQVL", 66), ("HN", 9), ("HCN", 10), ("HMTN", 5), ("HSSV", 3), ("NSVS", 7)],
    "city": [("GQVL", 70), ("HN", 15), ("HCN", 15)],
    "district": [("GQVL", 100)],
}
# Of the job-creation loans, those to production and business establishments (cơ sở SXKD):
# a few hundred million đồng, collateral, ≤ 100 million per job created or maintained.
BUSINESS_SHARE = 0.16
LATE_PRINCIPAL = 0.03
NEVER_PAID = 0.004
FROZEN_LOANS = 8
# Interest is collected at every transaction day of the last INTEREST_MONTHLY_MONTHS months
# (what the collection sheets, the fees and the overdue lists read); before that the demo posts
# each loan's interest once a year, on its December transaction day, to keep the load short.
INTEREST_MONTHLY_MONTHS = 14

PURPOSES = {
    "HN": ["Chăn nuôi lợn", "Mua máy khâu", "Buôn bán tạp hóa", "Sửa chữa nhà ở"],
    "HCN": ["Mở quán ăn nhỏ", "Mua xe chở hàng", "Kinh doanh rau sạch"],
    "HMTN": ["Mở rộng cửa hàng", "Làm dịch vụ giặt là"],
    "GQVL": ["Sửa chữa xe máy", "Làm bánh", "Dịch vụ ăn uống", "Bán hàng ăn sáng", "Cắt tóc"],
    "GQVL-SXKD": [
        "Mở rộng xưởng may gia công",
        "Cơ sở chế biến thực phẩm",
        "Xưởng in ấn bao bì",
        "Cơ sở sửa chữa ô tô, xe máy",
        "Xưởng mộc dân dụng",
    ],
    "HSSV": ["Chi phí học tập đại học"],
    "NSVS": ["Xây công trình vệ sinh", "Lắp đặt bể lọc nước"],
}


def transaction_day(point, year: int, month: int) -> datetime.date:
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(point.day_of_month, last))


def months(start: datetime.date, end: datetime.date):
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        month += 1
        if month == 13:
            year, month = year + 1, 1


class Generator:
    def __init__(self, ctx, today: datetime.date):
        self.ctx, self.rng, self.today = ctx, random.Random(ctx.rng.random()), today
        self.actor = ctx.actor
        self.officer = _user("tindung")
        self.director = _user("giamdoc")
        self.teller = _user("giaodich")
        self.programmes = {p.code: p for p in Programme.objects.all()}
        self.members = {}  # household id -> (group, household)
        for group in ctx.groups:
            for membership in group.memberships.filter(left__isnull=True).select_related(
                "household__head"
            ):
                self.members[membership.household_id] = (group, membership.household)
        self.status = defaultdict(dict)  # household id -> {year: status}

        for record in PovertyRecord.objects.order_by("year").values_list(
            "household_id", "year", "status"
        ):
            self.status[record[0]][record[1]] = record[2]
        self.borrowing: dict[int, datetime.date] = {}  # household -> busy until
        self.plans: dict[int, list] = {}  # loan id -> [(pay date, principal)]
        self.loans: list[Loan] = []
        self.jobs: list[tuple[Loan, int, int]] = []
        self.frozen: set[int] = set()
        self.due: dict[tuple, list] = {}  # (year, month) -> [(loan, pay date, principal)]
        self.room: dict[tuple, int] = {}  # (source, year, month) -> taken by this month's batch
        self.outstanding: dict[tuple, int] = {}
        self.entrusted: dict[tuple, int] = {}

    # -- who can borrow -------------------------------------------------------------------
    def status_in(self, household_id: int, year: int):
        found = None
        for y, status in self.status[household_id].items():
            if y <= year:
                found = status
        return found

    def pick_household(self, code: str, day: datetime.date):
        wanted = {
            "HN": {PovertyStatus.POOR},
            "HCN": {PovertyStatus.NEAR_POOR},
            "HMTN": {PovertyStatus.ESCAPED},
            "HSSV": {PovertyStatus.POOR, PovertyStatus.NEAR_POOR},
        }.get(code)
        ids = list(self.members)
        for _ in range(60):
            household_id = self.rng.choice(ids)
            if self.borrowing.get(household_id, START) > day:
                continue
            if wanted and self.status_in(household_id, day.year) not in wanted:
                continue
            if code == "HMTN" and self._escaped_too_long(household_id, day.year):
                continue
            return self.members[household_id]
        return None

    def _escaped_too_long(self, household_id, year):
        first = None
        for y in sorted(self.status[household_id]):
            if y > year:
                break
            first = (
                y
                if self.status[household_id][y] == PovertyStatus.ESCAPED
                and (first is None or self.status[household_id].get(y - 1) != PovertyStatus.ESCAPED)
                else first
            )
        return first is not None and year - first > 3

    # -- a loan's birth, through the services ----------------------------------------------
    def request(self, code, source, day, amount, term, every, jobs=(0, 0), business=False):
        """A request for this month's batch, if a household can take it and the source has
        room; the services check both again."""
        first_of_month = day.replace(day=1)
        applied = max(START, first_of_month - datetime.timedelta(days=self.rng.randint(10, 30)))
        picked = self.pick_household(code, applied)
        if picked is None:
            return None
        # Paid out at the group's own transaction point, on its day; instalments fall due on
        # that day of the month too, so a borrower who comes every month is never late.
        day = transaction_day(picked[0].transaction_point, day.year, day.month)
        if day >= self.today:  # today's transaction day is still to be held
            return None
        key = (source.pk, day.year, day.month)
        taken = self.room.get(key, 0)
        if self._room(source, day) - taken < amount:
            return None
        self.room[key] = taken + amount
        group, household = picked
        plan = schedule.equal_instalments(
            amount, add_months(day, every), term // every, months_between=every
        )
        self.borrowing[household.pk] = add_months(day, term + 1)
        return services.LoanRequest(
            household=household,
            borrower=household.head,
            programme=self.programmes[code],
            group=group,
            amount=amount,
            term_months=term,
            purpose=self.rng.choice(
                PURPOSES.get(f"{code}-SXKD" if business else code, ["Sản xuất"])
            ),
            applied_on=applied,
            approved_on=min(day, applied + datetime.timedelta(days=14)),
            disbursed_on=day,
            source=source,
            business=business,
            instalments=plan,
            collateral="Quyền sử dụng đất" if amount > 100_000_000 else "",
            jobs_new_planned=jobs[0],
            jobs_maintained_planned=jobs[1],
        )

    def originate(self, requests, day):
        if not requests:
            return []
        requests = sorted(requests, key=lambda r: r.disbursed_on)
        try:
            with replaying(day):
                loans = services.originate_many(
                    actor=self.officer,
                    approver=self.director,
                    disburser=self.teller,
                    requests=requests,
                )
        except ValidationError:
            # A household still owing under the programme, say: the bank refuses that one.
            kept, loans = [], []
            for request in requests:
                try:
                    with replaying(day):
                        loans += services.originate_many(
                            actor=self.officer,
                            approver=self.director,
                            disburser=self.teller,
                            requests=[request],
                        )
                    kept.append(request)
                except ValidationError:
                    continue
            requests = kept
        for request, loan in zip(requests, loans, strict=True):
            self.loans.append(loan)
            self.plans[loan.pk] = self.repayment_dates(
                loan, request.group.transaction_point, request.instalments
            )
            for pay, principal in self.plans[loan.pk]:
                self.due.setdefault((pay.year, pay.month), []).append((loan, pay, principal))
            if request.jobs_new_planned:
                verified_new = max(0, request.jobs_new_planned - (self.rng.random() < 0.1))
                self.jobs.append((loan, verified_new, request.jobs_maintained_planned))
        return loans

    def _room(self, source, day):
        """What the services' room check will find (the same two sums, remembered: the
        outstanding changes only when this month's repayments and batch are posted)."""
        return self._entrusted(source, day) - self._outstanding(source, day.year, day.month)

    def _outstanding(self, source, year, month):
        if (source.pk, year, month) not in self.outstanding:
            self.outstanding[(source.pk, year, month)] = lent_by(source.pk, self.ctx.office.pk)
        return self.outstanding[(source.pk, year, month)]

    def _entrusted(self, source, day):
        if (source.pk, day) not in self.entrusted:
            self.entrusted[(source.pk, day)] = entrusted_by(source.pk, self.ctx.office.pk, day)
        return self.entrusted[(source.pk, day)]

    def repayment_dates(self, loan, point, plan):
        """When the borrower actually brings each instalment: mostly on the first transaction
        day on or after it falls due, sometimes months late, rarely never."""
        out = []
        for instalment in plan:
            year, month = instalment.due.year, instalment.due.month
            pay = transaction_day(point, year, month)
            if pay < instalment.due:
                pay = transaction_day(point, *_next_month(year, month))
            draw = self.rng.random()
            if draw < NEVER_PAID:
                continue
            if draw < NEVER_PAID + LATE_PRINCIPAL:
                pay = add_months(pay, self.rng.randint(1, 8))
            out.append((pay, instalment.principal))
        return out

    # -- the months from 2014 to today -----------------------------------------------------
    def run(self, progress):
        freeze_months = sorted(self.rng.sample(range(30, 110), FROZEN_LOANS))
        month_index = 0
        for year, month in months(START, self.today):
            month_index += 1
            if month == 1:
                progress(f"      {year}")
            # The month's repayments first: what comes back is lent again the same month.
            self.repay_month(year, month)
            batch = []
            for key, source in self.ctx.sources.items():
                batch += self.fill(key, source, year, month)
            self.originate(batch, min(_month_end(year, month), self.today))
            if freeze_months and month_index == freeze_months[0]:
                freeze_months.pop(0)
                self.freeze_one(year, month)

    def fill(self, key, source, year, month) -> list:
        """This month's requests on a source: loans until TARGET_USE of its capital is out,
        at most MONTHLY_SHARE of the capital in the month."""
        points = list(self.ctx.points.values())
        last = min(_month_end(year, month), self.today)
        entrusted = self._entrusted(source, last)
        wanted = min(
            int(entrusted * TARGET_USE) - self._outstanding(source, year, month),
            int(entrusted * MONTHLY_SHARE),
        )
        codes, weights = zip(*MIX[key], strict=True)
        out, misses = [], 0
        most = -(-len(self.members) // LOANS_PER_HOUSEHOLDS)
        while wanted > 0 and misses < 25 and len(out) < most:
            code = self.rng.choices(codes, weights)[0]
            day = transaction_day(self.rng.choice(points), year, month)
            terms = self.terms_for(code)
            if terms["amount"] > wanted:
                misses += 1
                continue
            request = self.request(code, source, day, **terms)
            if request is None:
                misses += 1
                continue
            wanted -= request.amount
            out.append(request)
        return out

    def terms_for(self, code) -> dict:
        return loan_terms(self.rng, code)

    def repay_month(self, year, month):
        """The month's principal repayments, each on its transaction day, in one batch."""
        entries = [
            (loan, pay, principal, 0)
            for loan, pay, principal in self.due.pop((year, month), [])
            if pay < self.today and loan.pk not in self.frozen
        ]
        if entries:
            with replaying(min(_month_end(year, month), self.today)):
                services.collect_many(actor=self.teller, entries=entries)

    def repay_year(self, year):
        """The year's principal repayments still waiting, month by month (as `run` does)."""
        for month in range(1, 13):
            self.repay_month(year, month)

    def freeze_one(self, year, month):
        """A borrower's workshop is flooded: more than 40 % lost, the debt is frozen."""
        day = datetime.date(year, month, 20)
        candidates = [
            loan
            for loan in self.loans
            if loan.pk not in self.frozen
            and loan.first_disbursed_on < day - datetime.timedelta(days=120)
            and any(pay > day for pay, _ in self.plans.get(loan.pk, []))
        ]
        if not candidates:
            return
        loan = self.rng.choice(candidates)
        loss = Decimal(self.rng.choice([55, 65, 85, 90]))
        months_frozen = 36 if loss < 80 else 60
        with replaying(day):
            # Proposed by the credit officer, decided by the director (four eyes).
            proposal = services.freeze(
                actor=self.officer,
                loan=loan,
                on=day,
                loss_percent=loss,
                months=months_frozen,
                decision=f"QĐ khoanh nợ {len(self.frozen) + 1}",
            )
            policy.approve(actor=self.director, proposal=proposal)
        self.frozen.add(loan.pk)
        # Later repayments of its schedule will not come; part of it is written off.
        self.plans[loan.pk] = [(p, a) for p, a in self.plans[loan.pk] if p < day]
        if loss >= 80 and add_months(day, 24) < self.today:
            off = add_months(day, 24)
            state = state_at(history_of(Loan.objects.get(pk=loan.pk)), off)
            # Interest up to the freeze is collected before it (see collect_interest); the
            # frozen principal is what the decision writes off.
            with replaying(off):
                proposal = services.write_off(
                    actor=self.officer,
                    loan=loan,
                    on=off,
                    principal=state.principal_outstanding,
                    interest=0,
                    decision=f"QĐ xóa nợ {len(self.frozen)}",
                )
                policy.approve(actor=self.director, proposal=proposal)

    # -- interest, collected monthly by the group leader -----------------------------------
    def collect_interest(self):
        """Interest handed in by the group leaders: at every transaction day of the last
        INTEREST_MONTHLY_MONTHS months, once a year (December) before, and at settlement;
        never on or after today (today's transaction day is still to be held). One replay of
        each loan gives its interest at every one of those days."""
        entries = []
        fresh = {loan.pk: loan for loan in Loan.objects.select_related("group__transaction_point")}
        histories = histories_of(list(fresh.values()))
        monthly_from = add_months(self.today.replace(day=1), -INTEREST_MONTHLY_MONTHS)
        for loan in self.loans:
            loan = fresh[loan.pk]
            history = histories[loan.pk]
            point = loan.group.transaction_point
            start = loan.first_disbursed_on
            end_of_life = self._last_day(loan, history)
            skip = self.rng.random() < 0.05
            days = []
            for year, month in months(add_months(start, 1), end_of_life):
                day = transaction_day(point, year, month)
                if day > end_of_life or day >= self.today:
                    break
                if day < monthly_from:
                    if month == 12:
                        days.append(day)
                elif not (skip and month % 3):  # some pay every third month
                    days.append(day)
            if loan.status == "settled" and end_of_life < self.today:
                days.append(end_of_life)
            elif history.freezes and days and days[-1] < end_of_life:
                # What accrued up to the freeze is collected on the last day before it.
                days.append(end_of_life - datetime.timedelta(days=1))
            paid = 0
            for day, owed in zip(days, _interest_owed(history, start, days), strict=True):
                if owed - paid > 0:
                    entries.append((loan, day, 0, owed - paid))
                    paid = owed
        services.collect_many(actor=self.teller, entries=entries)

    def _last_day(self, loan, history):
        if loan.status in ("settled", "written_off"):
            dates = [p.date for p in history.payments] + [w.date for w in history.write_offs]
            return max(dates)
        if history.freezes:
            return history.freezes[0].start
        return self.today


def loan_terms(rng, code) -> dict:
    """Amount, term, instalment spacing and planned jobs of one loan of a programme."""
    if code == "GQVL":
        if rng.random() < BUSINESS_SHARE:
            # At most 100 million per job: a 600 million loan keeps or makes 6 jobs or more.
            amount = rng.randrange(300, 1_501, 50) * 1_000_000
            new = rng.randint(5, 16)
            maintained = max(-(-amount // 100_000_000) - new, rng.randint(10, 30))
            return {
                "amount": amount, "term": 36, "every": 12,
                "jobs": (new, maintained), "business": True,
            }  # fmt: skip
        # A household: about one new job and one to three kept (Decree 61/2015, 74/2019).
        new = 1 + (rng.random() < 0.45)
        amount = rng.randrange(30, 81, 5) * 1_000_000
        return {"amount": amount, "term": 24, "every": 12, "jobs": (new, rng.choice([1, 2, 2, 3]))}
    if code == "NSVS":
        return {"amount": rng.randrange(10, 26, 5) * 1_000_000, "term": 60, "every": 12}
    if code == "HSSV":
        return {"amount": rng.randrange(2, 5) * 1_000_000, "term": 48, "every": 12}
    return {"amount": rng.randrange(40, 101, 5) * 1_000_000, "term": 60, "every": 12}


def _interest_owed(history, start, days) -> list[int]:
    """Interest accrued from ``start`` to each of ``days`` (sorted), rounded half up: what
    `interest_between` gives for each, from one replay of the loan instead of one per day."""
    if not days:
        return []
    segments = state_at(history, days[-1]).segments
    rates = DayRates(history.terms)
    out = []
    for day in days:
        numerator = sum(
            rates.numerator(s.balance, (min(s.end, day) - max(s.start, start)).days, s.kind)
            for s in segments
            if s.start < day and s.end > start
        )
        exact = rates.fraction(numerator)
        out.append(round_exact(exact.numerator, exact.denominator))
    return out


def _month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _spread(rng, per_year):
    whole, part = divmod(per_year, 12)
    return whole + (rng.random() < part / 12)


def _cumulative_by_year(source) -> dict[int, int]:
    out, running = {}, 0
    rows = (
        EntrustmentDecision.objects.filter(source=source)
        .values_list("date__year")
        .annotate(total=Sum("amount"))
        .order_by("date__year")
    )
    by_year = dict(rows)
    for year in range(START.year, datetime.date.today().year + 1):
        running = sum(v for y, v in by_year.items() if y <= year)
        out[year] = running
    return out


def _user(username):

    return User.objects.get(username=username)


def build(ctx, today: datetime.date, progress=print) -> Generator:
    generator = Generator(ctx, today)
    generator.run(progress)
    progress("      interest collected at every transaction day")
    generator.collect_interest()
    services.record_verified_jobs_many(actor=generator.officer, verified=generator.jobs)
    with replaying(today):
        services.refresh_states(list(Loan.objects.all()), as_of=today)
    return generator
