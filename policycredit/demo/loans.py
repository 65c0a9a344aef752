"""The demo district's loans from 2014 to today, made by driving the loan services.

Month by month, in date order, as the bank would have lived it: applications go through their
steps and are disbursed from a capital source that must have room (so lending grows with the
district budget's entrustments); principal instalments are repaid on the transaction day, a few
late and a few not at all; a few borrowers hit by a disaster have their debt frozen and some of
it written off. Interest is then collected at every monthly transaction day, computed by the
same engine, and posted in one batch per loan. Nothing writes a balance: every balance comes
from the transaction log through the engine.

District-budget job-creation lending is calibrated to the district's June 2024 review: over
2,100 new and 3,500 maintained jobs a year once its capital passed about 45 billion đồng
(2021 onwards). The calibration is in JOBS_* and LOANS_PER_BILLION below.
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
from policycredit.domain.dates import add_months
from policycredit.domain.loan import interest_between, state_at
from policycredit.domain.money import round_half_up
from policycredit.ledger.selectors import entrusted_by, lent_by
from policycredit.loans import services
from policycredit.loans.models import Loan
from policycredit.loans.selectors import histories_of, history_of
from policycredit.programmes.models import Programme

START = datetime.date(2014, 1, 1)
LOANS_PER_BILLION = 2  # district job-creation loans a year per billion đồng entrusted
BUSINESS_SHARE = 0.45  # of those, loans to production and business establishments
CENTRAL_PER_YEAR = 24
CITY_PER_YEAR = 10
LATE_PRINCIPAL = 0.03
NEVER_PAID = 0.004
FROZEN_LOANS = 8

PURPOSES = {
    "HN": ["Chăn nuôi lợn", "Mua máy khâu", "Buôn bán tạp hóa", "Sửa chữa nhà ở"],
    "HCN": ["Mở quán ăn nhỏ", "Mua xe chở hàng", "Kinh doanh rau sạch"],
    "HMTN": ["Mở rộng cửa hàng", "Làm dịch vụ giặt là"],
    "GQVL": ["Mở xưởng may", "Sửa chữa xe máy", "Làm bánh", "Dịch vụ ăn uống", "In ấn"],
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
        if day > self.today:
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
            purpose=self.rng.choice(PURPOSES.get(code, ["Sản xuất"])),
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
            if request.jobs_new_planned:
                verified_new = max(0, request.jobs_new_planned - (self.rng.random() < 0.1))
                self.jobs.append((loan, verified_new, request.jobs_maintained_planned))
        return loans

    def _room(self, source, day):
        """What the services' room check will find (the same two sums, remembered: the
        outstanding changes only when this month's batch is posted)."""
        month = (source.pk, day.year, day.month)
        if month not in self.outstanding:
            self.outstanding[month] = lent_by(source.pk, self.ctx.office.pk)
        if (source.pk, day) not in self.entrusted:
            self.entrusted[(source.pk, day)] = entrusted_by(source.pk, self.ctx.office.pk, day)
        return self.entrusted[(source.pk, day)] - self.outstanding[month]

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
        sources = self.ctx.sources
        entrusted = _cumulative_by_year(sources["district"])
        freeze_months = sorted(self.rng.sample(range(30, 110), FROZEN_LOANS))
        month_index = 0
        for year, month in months(START, self.today):
            month_index += 1
            if month == 1:
                progress(f"      {year}")
            if month == 12 or (year, month) == (self.today.year, self.today.month):
                self.repay_year(year)
            points = list(self.ctx.points.values())

            def day_of(point, year=year, month=month):
                return transaction_day(point, year, month)

            batch = []
            # District budget: job creation, scaled to what the district had entrusted.
            per_month = round(entrusted.get(year, 0) / 1e9 * LOANS_PER_BILLION / 12)
            for _ in range(per_month):
                day = day_of(self.rng.choice(points))
                business = self.rng.random() < BUSINESS_SHARE
                if business:
                    jobs = (self.rng.randint(45, 65), self.rng.randint(70, 100))
                    amount = self.rng.randrange(250, 420, 10) * 1_000_000
                else:
                    jobs = (self.rng.randint(2, 5), self.rng.randint(4, 8))
                    amount = self.rng.randrange(40, 101, 5) * 1_000_000
                batch.append(
                    self.request("GQVL", sources["district"], day, amount, 24, 6, jobs, business)
                )
            for _ in range(_spread(self.rng, CENTRAL_PER_YEAR)):
                code = self.rng.choices(
                    ["HN", "HCN", "HMTN", "HSSV", "NSVS"], [35, 30, 15, 10, 10]
                )[0]
                day = day_of(self.rng.choice(points))
                amount, term, every = self._central_terms(code)
                batch.append(self.request(code, sources["central"], day, amount, term, every))
            for _ in range(_spread(self.rng, CITY_PER_YEAR)):
                code = self.rng.choice(["HN", "HCN", "GQVL"])
                day = day_of(self.rng.choice(points))
                amount = self.rng.randrange(30, 101, 10) * 1_000_000
                jobs = (1, 1) if code == "GQVL" else (0, 0)
                batch.append(self.request(code, sources["city"], day, amount, 36, 12, jobs))
            batch = [r for r in batch if r is not None and r.disbursed_on <= self.today]
            self.originate(batch, min(_month_end(year, month), self.today))
            if freeze_months and month_index == freeze_months[0]:
                freeze_months.pop(0)
                self.freeze_one(year, month)

    def _central_terms(self, code):
        if code == "NSVS":
            return self.rng.randrange(10, 26, 5) * 1_000_000, 60, 12
        if code == "HSSV":
            return self.rng.randrange(2, 5) * 1_000_000, 48, 12
        return self.rng.randrange(30, 101, 10) * 1_000_000, 60, 12

    def repay_year(self, year):
        """The year's principal repayments, posted as one batch at its end (each on its own
        transaction day): one replay per loan a year instead of one per month."""
        entries = []
        first = datetime.date(year, 1, 1)
        last = datetime.date(year, 12, 31)
        for loan in self.loans:
            if loan.pk in self.frozen:
                continue
            for pay, principal in self.plans.get(loan.pk, []):
                if first <= pay <= last and pay <= self.today:
                    entries.append((loan, pay, principal, 0))
        if entries:
            with replaying(last if last <= self.today else self.today):
                services.collect_many(actor=self.teller, entries=entries)

    def freeze_one(self, year, month):
        """A borrower's workshop is flooded: more than 40 % lost, the debt is frozen."""
        day = datetime.date(year, month, 20)
        candidates = [
            loan
            for loan in self.loans
            if loan.pk not in self.frozen
            and loan.first_disbursed_on < day - datetime.timedelta(days=120)
            and Loan.objects.get(pk=loan.pk).principal_outstanding > 0
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
        if loss >= 80 and add_months(day, 24) <= self.today:
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
        entries = []
        fresh = {loan.pk: loan for loan in Loan.objects.select_related("group__transaction_point")}
        histories = histories_of(list(fresh.values()))
        for loan in self.loans:
            loan = fresh[loan.pk]
            history = histories[loan.pk]
            point = loan.group.transaction_point
            start = loan.first_disbursed_on
            end_of_life = self._last_day(loan, history)
            paid = 0
            skip = self.rng.random() < 0.05
            for year, month in months(add_months(start, 1), end_of_life):
                day = transaction_day(point, year, month)
                if day > end_of_life or day > self.today:
                    break
                if skip and month % 3:
                    continue  # some pay every third month
                due = round_half_up(interest_between(history, start, day)) - paid
                if due > 0:
                    entries.append((loan, day, 0, due))
                    paid += due
            settle = end_of_life
            if loan.status == "settled" and settle <= self.today:
                due = round_half_up(interest_between(history, start, settle)) - paid
                if due > 0:
                    entries.append((loan, settle, 0, due))
        services.collect_many(actor=self.teller, entries=entries)

    def _last_day(self, loan, history):
        if loan.status in ("settled", "written_off"):
            dates = [p.date for p in history.payments] + [w.date for w in history.write_offs]
            return max(dates)
        if history.freezes:
            return history.freezes[0].start
        return self.today


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
