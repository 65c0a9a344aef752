"""The portfolio at a date, read one of two ways with the same answers:

- from the rollup (`reporting.models`), when every date asked for is a rolled-up month end —
  a handful of rows per office and month, whatever the number of loans;
- live, from the loans' transaction log: a loan's balance on any day is what was disbursed
  less what was repaid and written off by then (exact, no replay); overdue and frozen principal
  come from the engine (`domain.loan.state_at`), replayed only for the loans that could hold
  any on that day. This is for a district's few thousand loans and for days between month ends.

Figures come out as rows keyed by the dimension asked for (programme, source, ward, kind of
organisation, office) so the two ways feed the same report.
"""

import datetime
from collections import defaultdict

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    Q,
    Sum,
    Value,
    When,
)

from policycredit.domain.loan import state_at
from policycredit.domain.review import group_class
from policycredit.inspections.models import Subject
from policycredit.inspections.selectors import inspection_grades, scale_in_force
from policycredit.loans.models import Instalment, Loan, LoanTransaction
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import histories_of, lending
from policycredit.reporting.models import GroupClassMonth, OfficeMonth, RollupMonth, WardMonth
from policycredit.reporting.selection import Selection

STOCKS = ("loans", "borrowers", "outstanding", "overdue", "frozen")
FLOWS = ("disbursed", "collected", "interest", "jobs_new", "jobs_maintained")
DIMS = {
    "programme": "programme_id",
    "source": "source_id",
    "ward": "ward_id",
    "kind": "organisation_kind",
    "office": "office_id",
    "organisation": "organisation_id",
    # Live only (`LiveBook`): the rollup keeps no group; a credit plan's group allocations.
    "group": "group_id",
}


# The grain an office-level read is fetched at once (see `Portfolio._rollup`).
OFFICE_GRAIN = ("programme", "source", "kind")


def rolled_up(dates) -> bool:
    dates = set(dates)
    return RollupMonth.objects.filter(month_end__in=dates).count() == len(dates)


class Portfolio:
    """Stocks on given dates and flows by year, for one selection."""

    def __init__(self, selection: Selection, dates: list[datetime.date]):
        self.selection = selection
        self.dates = sorted(set(dates))
        self.from_rollup = selection.group_ids is None and rolled_up(self.dates)
        self._live = None
        self._stocks: dict = {}
        self._office_months: dict = {}

    # -- stocks -----------------------------------------------------------------------------
    def stock(self, day: datetime.date, by: str | None = None) -> dict:
        """{dimension value: {loans, borrowers, outstanding, overdue, frozen}} on ``day``
        (key None when ``by`` is None)."""
        key = (day, by)
        if key not in self._stocks:  # a review asks for the same stock from several tables
            self._stocks[key] = (
                self._rollup_stock(day, by)
                if self.from_rollup
                else self._live_data().stock(day, by)
            )
        return self._stocks[key]

    def _table(self, by):
        names = set(by if isinstance(by, tuple) else (by,))
        if self.selection.by_office and not names & {"ward", "organisation"}:
            return OfficeMonth.objects.all()
        qs = WardMonth.objects.filter(self.selection.rollup_q())
        if "kind" in names:
            qs = qs.annotate(organisation_kind=F("organisation__kind"))
        return qs

    def _rollup_stock(self, day, by):
        return {_key(r, by): {m: r[m] or 0 for m in STOCKS} for r in self._rollup(day, by, STOCKS)}

    def _rollup(self, day, by, fields, suffix=""):
        """The rollup's sums on one month end by ``by``. Read by office, a month end is read
        once, by programme, source and kind of organisation (a few hundred rows), and every
        total the review asks of it is added up from those: the national rollup holds some
        75,000 office rows a month, and a review asks for totals by four dimensions at eleven
        year ends."""
        if self.selection.by_office and set(_names(by)) <= set(OFFICE_GRAIN):
            if day not in self._office_months:
                qs = self._table(None).filter(month_end=day)
                if self.selection.office_ids is not None:
                    qs = qs.filter(office_id__in=self.selection.office_ids)
                everything = (*STOCKS, *(f"{f}_ytd" for f in FLOWS))
                self._office_months[day] = _sums(qs, OFFICE_GRAIN, everything)
            return _regroup(self._office_months[day], by, fields, suffix)
        qs = self._table(by).filter(month_end=day)
        if self.selection.by_office and self.selection.office_ids is not None:
            qs = qs.filter(office_id__in=self.selection.office_ids)
        return _sums(qs, by, fields, suffix)

    # -- flows ------------------------------------------------------------------------------
    def flows_by_year(self, years: list[int], end: datetime.date, by: str | None = None) -> dict:
        """{(year, dimension value): {disbursed, collected, interest, jobs_new,
        jobs_maintained}} for each year up to ``end`` (the last year runs to ``end``).
        Jobs are counted in the year the loan was first disbursed."""
        if self.from_rollup:
            out = {}
            for year in years:
                last = min(datetime.date(year, 12, 31), end)
                for r in self._rollup(last, by, FLOWS, "_ytd"):
                    out[(year, _key(r, by))] = {f: r[f] or 0 for f in FLOWS}
            return out
        return self._live_data().flows_by_year(years, end, by)

    # -- groups -----------------------------------------------------------------------------
    def group_classes(self, day) -> dict[str, int]:
        if self.from_rollup:
            qs = GroupClassMonth.objects.filter(month_end=day).filter(self.selection.rollup_q())
            return {
                r["quality"]: r["n"]
                for r in qs.values("quality").annotate(n=Sum("groups")).order_by()
            }
        return self._live_data().group_classes(day)

    def _live_data(self):
        if self._live is None:
            self._live = LiveBook(self.selection, self.dates)
        return self._live


class LiveBook:
    """Every loan of the selection with its principal, evaluated on the dates.

    A loan's balance, principal repaid and principal fallen due on each date are summed by the
    database, one grouped scan of the transactions and one of the instalments for all the dates
    at once (each row falls in the period between two dates; the periods are added up here).
    Overdue principal is then the engine's: for a *plain* loan — one disbursement that is
    lending, repaid by repayments alone, on a schedule that covers exactly that disbursement and
    falls due after it — the engine takes every repayment off the oldest principal not yet
    repaid (overdue first, then the nearest instalments), so what is overdue on a day is what
    fell due before it less what was repaid by it, never below nothing; any other loan is
    replayed by the engine on the days it could owe anything, its history read once for all of
    them."""

    def __init__(self, selection: Selection, dates):
        self.selection = selection
        self.dates = sorted(set(dates))
        self.last = self.dates[-1]
        self.loans = {
            r["id"]: r
            for r in Loan.objects.filter(selection.loan_q(), first_disbursed_on__lte=self.last)
            .values(
                "id",
                "office_id",
                "programme_id",
                "source_id",
                "household_id",
                "group_id",
                "first_disbursed_on",
                "jobs_new_verified",
                "jobs_new_planned",
                "jobs_maintained_verified",
                "jobs_maintained_planned",
                ward_id=F("group__transaction_point__ward_id"),
                organisation_id=F("group__organisation_id"),
                organisation_kind=F("group__organisation__kind"),
            )
            .order_by()
        }
        self._per_day: dict = {}
        self._moves = None

    def _transactions(self):
        """The selection's transactions that count: no reversal, nothing reversed."""
        return (
            LoanTransaction.objects.filter(
                self.selection.loan_q("loan__"),
                loan__first_disbursed_on__lte=self.last,
                value_date__lte=self.last,
            )
            .exclude(kind=K.REVERSAL)
            .filter(reversed_by__isnull=True)
        )

    @property
    def moves(self) -> dict:
        """loan -> [(date, kind, principal, interest, lent)], oldest first; ``lent`` is False
        for the opening position of a loan taken from the bank's register: a balance, not
        lending. Read only when asked for: the figures are summed by the database."""
        if self._moves is None:
            moves = defaultdict(list)
            for loan_id, kind, day, principal, interest, lent in (
                self._transactions()
                .order_by("value_date", "id")
                .annotate(lent=ExpressionWrapper(lending(), output_field=BooleanField()))
                .values_list("loan_id", "kind", "value_date", "principal", "interest", "lent")
            ):
                moves[loan_id].append((day, kind, principal, interest, lent))
            self._moves = moves
        return self._moves

    def per_loan(self, day) -> dict[int, dict]:
        """{loan: {outstanding, overdue, frozen}} on ``day`` for loans with a balance."""
        if day not in self._per_day:
            days = self.dates if day in self.dates else [day]
            self._per_day.update(self._evaluate(days))
        return self._per_day[day]

    def _evaluate(self, days: list) -> dict:
        """{day: per_loan(day)} for every day of ``days`` (ascending), read at once."""
        balance, repaid, shapes = self._running(days)
        fallen = self._fallen_due(days)
        out = {day: {} for day in days}
        replay = defaultdict(list)  # loan -> the days the engine must say what it owes
        for loan_id, balances in balance.items():
            paid = repaid[loan_id]
            due = fallen.get(loan_id, (0, None, 0, [0] * len(days)))
            shape = _shape(shapes[loan_id], due)
            for i, day in enumerate(days):
                if balances[i] <= 0:
                    continue
                row = out[day][loan_id] = {"outstanding": balances[i], "overdue": 0, "frozen": 0}
                if shape is True:
                    row["overdue"] = max(0, due[3][i] - paid[i])
                elif (shape is not None and shape <= day) or due[3][i] > paid[i]:
                    replay[loan_id].append(day)
        if replay:
            histories = histories_of(list(Loan.objects.filter(id__in=list(replay))))
            for loan_id, when in replay.items():
                for day in when:
                    state = state_at(histories[loan_id], day)
                    out[day][loan_id].update(
                        overdue=state.principal_overdue, frozen=state.principal_frozen
                    )
        return out

    def _running(self, days):
        """({loan: [balance on each day]}, {loan: [principal repaid or written off by it]},
        {loan: what `_shape` needs of its transactions}): two grouped scans of the loans'
        transactions, the second of all of them — later ones too: a plain loan is plain for
        good."""
        signed = Case(
            When(kind=K.DISBURSEMENT, then=F("principal")),
            When(kind__in=[K.REPAYMENT, K.WRITE_OFF], then=-F("principal")),
            default=Value(0),
            output_field=BigIntegerField(),
        )
        loans = LoanTransaction.objects.filter(
            self.selection.loan_q("loan__"), loan__first_disbursed_on__lte=self.last
        )
        counted = loans.exclude(kind=K.REVERSAL).filter(reversed_by__isnull=True)
        balance = defaultdict(lambda: [0] * len(days))
        repaid = defaultdict(lambda: [0] * len(days))
        # Tuples, not dicts: a district returns tens of thousands of (loan, period) rows.
        for loan, period, moved, paid in (
            counted.annotate(period=_period("value_date__lte", days))
            .values("loan_id", "period")
            .annotate(
                signed=Sum(signed),
                repaid=Sum("principal", filter=Q(kind__in=[K.REPAYMENT, K.WRITE_OFF])),
            )
            .values_list("loan_id", "period", "signed", "repaid")
            .order_by()
        ):
            balances, paid_by = balance[loan], repaid[loan]
            for i in range(period, len(days)):
                balances[i] += moved or 0
                paid_by[i] += paid or 0
        touching = [K.FREEZE, K.UNFREEZE, K.EXTENSION, K.TERM_ADJUSTMENT]
        shapes = {
            loan: rest
            for loan, *rest in counted.values("loan_id")
            .annotate(
                touched=Min("value_date", filter=Q(kind__in=touching)),
                others=Count("id", filter=~Q(kind__in=[K.DISBURSEMENT, K.REPAYMENT])),
                lent=Count("id", filter=lending()),
                disbursements=Count("id", filter=Q(kind=K.DISBURSEMENT)),
                disbursed=Sum("principal", filter=Q(kind=K.DISBURSEMENT)),
                disbursed_on=Min("value_date", filter=Q(kind=K.DISBURSEMENT)),
            )
            .values_list(
                "loan_id",
                "touched",
                "others",
                "lent",
                "disbursements",
                "disbursed",
                "disbursed_on",
            )
            .order_by()
        }
        return balance, repaid, shapes

    def _fallen_due(self, days):
        """{loan: (scheduled principal, first due date, instalments from an unfreeze,
        [principal fallen due before each day])}."""
        out: dict = {}
        for r in (
            Instalment.objects.filter(
                self.selection.loan_q("loan__"), loan__first_disbursed_on__lte=self.last
            )
            .annotate(period=_period("due__lt", days))
            .values("loan_id", "period")
            .annotate(
                principal=Sum("principal"),
                first_due=Min("due"),
                unfrozen=Count("id", filter=Q(unfreeze__isnull=False)),
            )
            .values_list("loan_id", "period", "principal", "first_due", "unfrozen")
            .order_by()
        ):
            loan, period, principal, first_due, from_unfreeze = r
            total, first, unfrozen, fallen = out.get(loan, (0, None, 0, [0] * len(days)))
            for i in range(period, len(days)):
                fallen[i] += principal
            out[loan] = (
                total + principal,
                _earliest(first, first_due),
                unfrozen + from_unfreeze,
                fallen,
            )
        return out

    def stock(self, day, by):
        rows = defaultdict(lambda: {m: 0 for m in STOCKS})
        households = defaultdict(set)
        for loan_id, figures in self.per_loan(day).items():
            loan = self.loans[loan_id]
            key = _loan_key(loan, by)
            row = rows[key]
            row["loans"] += 1
            households[key].add(loan["household_id"])
            for m in ("outstanding", "overdue", "frozen"):
                row[m] += figures[m]
        for key, row in rows.items():
            row["borrowers"] = len(households[key])
        return dict(rows)

    def flows_by_year(self, years, end, by):
        """Lending, principal and interest collected by year and loan, summed by the database;
        the loans' keys put them in the rows asked for."""
        wanted = set(years)
        out = defaultdict(lambda: {f: 0 for f in FLOWS})
        # The year as a comparison with year ends, not EXTRACT: SQLite runs that in Python,
        # once a row.
        every_year = range(min(wanted), max(wanted) + 1)
        year = Case(
            *[When(value_date__lte=datetime.date(y, 12, 31), then=Value(y)) for y in every_year],
            default=Value(0),
            output_field=IntegerField(),
        )
        rows = (
            self._transactions()
            .filter(value_date__lte=end, value_date__gte=datetime.date(min(wanted), 1, 1))
            .annotate(year=year)
            .values("loan_id", "year")
            .annotate(
                disbursed=Sum("principal", filter=lending()),
                collected=Sum("principal", filter=Q(kind=K.REPAYMENT)),
                interest=Sum("interest", filter=Q(kind=K.REPAYMENT)),
            )
            .values_list("loan_id", "year", "disbursed", "collected", "interest")
            .order_by()
        )
        for loan_id, y, *figures in rows:
            if y not in wanted:
                continue
            row = out[(y, _loan_key(self.loans[loan_id], by))]
            for f, value in zip(("disbursed", "collected", "interest"), figures, strict=True):
                row[f] += value or 0
        for loan in self.loans.values():
            first = loan["first_disbursed_on"]
            if first <= end and first.year in wanted:
                row = out[(first.year, _loan_key(loan, by))]
                row["jobs_new"] += _jobs(loan, "new")
                row["jobs_maintained"] += _jobs(loan, "maintained")
        return dict(out)

    def group_classes(self, day):
        """{class: groups} by the group scale in force on ``day`` (none when no scale is)."""
        scale = scale_in_force(Subject.GROUP, day)
        if not scale:
            return {}
        counts = defaultdict(int)
        for outstanding, overdue, inspection in self.group_figures(day, scale.bands).values():
            counts[group_class(outstanding, overdue, scale.bands, inspection)] += 1
        return dict(counts)

    def group_figures(self, day, bands=()) -> dict:
        """{group: (outstanding, overdue, 16/TD grade or None)} of the groups with a balance
        on ``day``; the grade is read only when a band judges it."""
        groups = defaultdict(lambda: [0, 0])
        for loan_id, figures in self.per_loan(day).items():
            group = groups[self.loans[loan_id]["group_id"]]
            group[0] += figures["outstanding"]
            group[1] += figures["overdue"]
        groups = {k: v for k, v in groups.items() if k is not None and v[0] > 0}
        grades = {}
        if any(band.inspection_at_least for band in bands):
            grades = inspection_grades(list(groups), day)
        return {k: (v[0], v[1], grades.get(k)) for k, v in groups.items()}


def _earliest(a, b):
    return b if a is None else a if b is None else min(a, b)


def _shape(transactions: list, schedule: tuple):
    """True for a plain loan (see `LiveBook`); otherwise the first day a freeze, an unfreeze or
    a new schedule touched it, from which the engine is asked, or None."""
    touched, others, lent, disbursements, disbursed, disbursed_on = transactions
    total, first_due, unfrozen, _fallen = schedule
    plain = (
        others == 0
        and disbursements == 1
        and lent == 1
        and not unfrozen
        and total == disbursed
        and first_due is not None
        and first_due >= disbursed_on
    )
    return True if plain else touched


def _period(lookup: str, days: list) -> Case:
    """The index of the first of ``days`` whose running total a row enters: with
    ``value_date__lte`` a row dated on or before ``days[i]`` counts from day i on; with
    ``due__lt`` an instalment due before ``days[i]``. Rows past the last day get len(days)."""
    return Case(
        *[When(**{lookup: day}, then=Value(i)) for i, day in enumerate(days)],
        default=Value(len(days)),
        output_field=IntegerField(),
    )


def _jobs(loan, which):
    verified = loan[f"jobs_{which}_verified"]
    return verified if verified is not None else loan[f"jobs_{which}_planned"]


def _sums(qs, by, fields, suffix=""):
    """Sums by the dimensions asked for; one row of totals when none are."""
    sums = {f: Sum(f"{f}{suffix}") for f in fields}
    keys = _keys(by)
    if not keys:
        row = qs.aggregate(**sums)
        return [row] if any(v is not None for v in row.values()) else []
    return list(qs.values(*keys).annotate(**sums).order_by())


def _regroup(rows: list[dict], by, fields, suffix="") -> list[dict]:
    """What `_sums` would give by ``by``, added up from rows already summed by a finer grain."""
    keys = _keys(by)
    out: dict = {}
    for r in rows:
        key = tuple(r[k] for k in keys)
        if key not in out:
            out[key] = {**dict(zip(keys, key, strict=True)), **{f: None for f in fields}}
        total = out[key]
        for f in fields:
            value = r[f"{f}{suffix}"]
            if value is not None:
                total[f] = (total[f] or 0) + value
    return list(out.values())


def _names(by) -> tuple:
    if by is None:
        return ()
    return by if isinstance(by, tuple) else (by,)


def _keys(by) -> list[str]:
    return [DIMS[b] for b in _names(by)]


def _key(row: dict, by):
    """A result's key: None, one dimension's value, or a tuple for several."""
    keys = _keys(by)
    if not keys:
        return None
    if isinstance(by, tuple):
        return tuple(row[k] for k in keys)
    return row[keys[0]]


_loan_key = _key
