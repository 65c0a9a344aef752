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

from django.db.models import BooleanField, ExpressionWrapper, F, Sum

from policycredit.domain.loan import state_at
from policycredit.domain.review import group_class
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
    """Every loan of the selection with its principal movements, evaluated on the dates."""

    def __init__(self, selection: Selection, dates):
        last = max(dates)
        self.dates = dates
        self.loans = {
            r["id"]: r
            for r in Loan.objects.filter(selection.loan_q(), first_disbursed_on__lte=last)
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
        # loan -> [(date, kind, principal, interest, lent)]; ``lent`` is False for the opening
        # position of a loan taken from the bank's register: a balance, not lending.
        moves = defaultdict(list)
        for loan_id, kind, day, principal, interest, lent in (
            LoanTransaction.objects.filter(loan_id__in=list(self.loans), value_date__lte=last)
            .exclude(kind=K.REVERSAL)
            .filter(reversed_by__isnull=True)
            .order_by("value_date", "id")
            .annotate(lent=ExpressionWrapper(lending(), output_field=BooleanField()))
            .values_list("loan_id", "kind", "value_date", "principal", "interest", "lent")
        ):
            moves[loan_id].append((day, kind, principal, interest, lent))
        self.moves = moves
        dues = defaultdict(list)
        for loan_id, due, principal in (
            Instalment.objects.filter(loan_id__in=list(self.loans), due__lt=last)
            .order_by("due")
            .values_list("loan_id", "due", "principal")
        ):
            dues[loan_id].append((due, principal))
        self.dues = dues
        self._per_day = {}

    def _signed(self, kind, principal):
        if kind == K.DISBURSEMENT:
            return principal
        if kind in (K.REPAYMENT, K.WRITE_OFF):
            return -principal
        return 0

    def per_loan(self, day) -> dict[int, dict]:
        """{loan: {outstanding, overdue, frozen}} on ``day`` for loans with a balance."""
        if day in self._per_day:
            return self._per_day[day]
        out, replay = {}, []
        for loan_id, moves in self.moves.items():
            balance = repaid = 0
            touched = False
            for when, kind, principal, _interest, _lent in moves:
                if when > day:
                    break
                balance += self._signed(kind, principal)
                if kind in (K.REPAYMENT, K.WRITE_OFF):
                    repaid += principal
                if kind in (K.FREEZE, K.UNFREEZE, K.EXTENSION, K.TERM_ADJUSTMENT):
                    touched = True
            if balance <= 0:
                continue
            fallen_due = sum(p for due, p in self.dues.get(loan_id, ()) if due < day)
            out[loan_id] = {"outstanding": balance, "overdue": 0, "frozen": 0}
            if touched or fallen_due > repaid:
                replay.append(loan_id)
        if replay:
            loans = list(Loan.objects.filter(id__in=replay))
            for loan_id, history in histories_of(loans).items():
                state = state_at(history, day)
                out[loan_id].update(overdue=state.principal_overdue, frozen=state.principal_frozen)
        self._per_day[day] = out
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
        wanted = set(years)
        out = defaultdict(lambda: {f: 0 for f in FLOWS})
        for loan_id, moves in self.moves.items():
            loan = self.loans[loan_id]
            key = _loan_key(loan, by)
            for when, kind, principal, interest, lent in moves:
                if when > end or when.year not in wanted:
                    continue
                row = out[(when.year, key)]
                if lent:
                    row["disbursed"] += principal
                elif kind == K.REPAYMENT:
                    row["collected"] += principal
                    row["interest"] += interest
        for loan in self.loans.values():
            first = loan["first_disbursed_on"]
            if first <= end and first.year in wanted:
                row = out[(first.year, _loan_key(loan, by))]
                row["jobs_new"] += _jobs(loan, "new")
                row["jobs_maintained"] += _jobs(loan, "maintained")
        return dict(out)

    def group_classes(self, day):

        groups = defaultdict(lambda: [0, 0])
        for loan_id, figures in self.per_loan(day).items():
            group = groups[self.loans[loan_id]["group_id"]]
            group[0] += figures["outstanding"]
            group[1] += figures["overdue"]
        counts = defaultdict(int)
        for outstanding, overdue in groups.values():
            counts[group_class(outstanding, overdue)] += 1
        return dict(counts)


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
