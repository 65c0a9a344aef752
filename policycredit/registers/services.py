"""Import of the bank's loan register (HSTD): check every row, then take it in wholly or not.

One pass over the file, a few thousand rows at a time: each chunk is read and checked, and, as
long as no row so far has a blocking problem, written with bulk inserts. A blocking problem
anywhere stops the writing (the checking goes on, so the list is complete) and the transaction
rolls everything back: the import is all or nothing. A dry run only checks.

What a new loan becomes. The bank's export gives where the loan stands on the export date D,
not the history that brought it there, so PolicyCredit opens the loan the evening before
(O = D − 1) with a history that leads exactly to the bank's position at D:

* a disbursement on O of the principal outstanding (in term + overdue + frozen);
* an instalment due on O for the overdue part (unpaid, so overdue from D: the engine's rule);
* a freeze from O of the frozen part, which the engine takes from the principal with no due
  date, i.e. exactly that part;
* an instalment of the in-term part on the due date after extension (else by contract).

The loan's journal entry puts each class in its loan account against cash, and one entrustment
decision per capital source ("opening position") brings that cash from the source, so the books
balance, the loan accounts equal the loans, and the capital equals the decisions:
`policycredit ledger check` passes. The balances at a rate (`closing.RateBalance`) get the same
principal, so the next close of day accrues on it.

The bank's own figures (disbursed, repaid, unpaid interest, extensions, freeze expiry, savings)
are kept beside the loan in `BankLoan`; a later export of the same office is matched on office
code + contract number, and what differs from PolicyCredit's books is listed (`Difference`),
never written over them. A loan missing from the newer export is settled on its date through
the loans' own repayment service.
"""

import datetime
import functools
import gc
import sys
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from policycredit.audit.models import Action, AuditEvent
from policycredit.audit.services import record
from policycredit.borrowers.models import Household, Person
from policycredit.borrowers.services import HEAD
from policycredit.capital.models import CapitalSource, EntrustmentDecision, SourceLevel
from policycredit.capital.services import save_decision, save_source
from policycredit.closing import buckets
from policycredit.common.selectors import accruing, business_date, rule
from policycredit.common.services import create_many, save_record
from policycredit.domain import posting as p
from policycredit.domain.cccd import CCCDError, is_male, validate_cccd
from policycredit.domain.dates import add_months
from policycredit.domain.loan import state_at
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.domain.overdue_interest import unpaid_interest
from policycredit.geo.models import AdminUnit, Level, Office, TransactionPoint
from policycredit.geo.selectors import current_unit
from policycredit.geo.services import save_office, save_transaction_point
from policycredit.ledger.models import Account, EntryKind, JournalEntry, JournalLine
from policycredit.ledger.services import accounts_for, post_lines_of_loans
from policycredit.loans import services as loans_services
from policycredit.loans.models import (
    Application,
    ApplicationStatus,
    Instalment,
    Loan,
    LoanStatus,
    LoanTransaction,
)
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import histories_of
from policycredit.network.models import (
    MassOrganisation,
    Membership,
    OrganisationKind,
    OrganisationLevel,
    SavingsGroup,
)
from policycredit.network.services import save_organisation
from policycredit.programmes.models import Programme
from policycredit.registers import bulk
from policycredit.registers.columns import BY_KEY
from policycredit.registers.models import BankLoan, Difference, ImportRun
from policycredit.registers.reader import UnreadableFile, open_sheet
from policycredit.registers.rows import Problem, Row, is_empty, missing_columns, read_row
from policycredit.savings.models import SavingsKind, SavingsTransaction

ONE_DAY = datetime.timedelta(days=1)
BANK_FIELDS = [
    "contract", "customer_code", "as_of", "due_date", "extended_due_date", "extensions",
    "freeze_expiry", "disbursed_total", "principal_repaid", "interest_repaid",
    "principal_in_term", "principal_overdue", "principal_frozen", "interest_unpaid",
    "interest_unpaid_overdue", "savings", "status", "decision", "investor",
]  # fmt: skip
CHUNK = 10_000
MAX_PROBLEMS = 2000  # listed; all are counted
PURPOSE = "Nhập từ hồ sơ tín dụng của ngân hàng (HSTD)"


@dataclass
class Outcome:
    file_name: str
    as_of: datetime.date | None = None
    office_code: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    settled: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    unknown_headers: list[str] = field(default_factory=list)
    differences: list[tuple] = field(default_factory=list)
    run_id: int | None = None

    @property
    def blocking(self) -> list[Problem]:
        return [x for x in self.problems if x.blocking]

    @property
    def ok(self) -> bool:
        return not self.blocking

    @property
    def notes(self) -> list[Problem]:
        return [x for x in self.problems if not x.blocking]


class ImportRefused(Exception):
    """The file has blocking problems; nothing was written."""

    def __init__(self, outcome: Outcome):
        super().__init__(f"{len(outcome.blocking)} problems")
        self.outcome = outcome


def check_register(path, *, file_name=None, office=None, as_of=None, progress=None) -> Outcome:
    """The dry run: every problem by row and column; nothing is written."""
    return _Import(path, file_name, office, as_of, actor=None, progress=progress).run()


@transaction.atomic
def import_register(
    *, actor, path, file_name=None, office=None, as_of=None, progress=None
) -> Outcome:
    """Check and import the file in one transaction; raises ImportRefused (nothing written)
    if any row has a blocking problem."""
    outcome = _Import(path, file_name, office, as_of, actor=actor, progress=progress).run()
    if not outcome.ok:
        raise ImportRefused(outcome)
    return outcome


# ---------------------------------------------------------------------------- the pass


@functools.lru_cache(maxsize=1024)  # a file names a few organisations, on every row
def _org_kind(name: str) -> str | None:
    text = name.casefold()
    for words, kind in (
        (("phụ nữ", "phu nu", "hpn"), OrganisationKind.WOMEN),
        (("nông dân", "nong dan", "hnd"), OrganisationKind.FARMERS),
        (("cựu chiến binh", "cuu chien binh", "ccb"), OrganisationKind.VETERANS),
        (("thanh niên", "thanh nien", "đoàn"), OrganisationKind.YOUTH),
    ):
        if any(w in text for w in words):
            return kind
    return None


class _Import:
    def __init__(self, path, file_name, office, as_of, *, actor, progress):
        self.path = path
        self.outcome = Outcome(file_name=file_name or str(path), as_of=as_of)
        self.office_code = office or ""
        self.chosen = bool(office)
        self.actor = actor
        self.write = actor is not None
        self.progress = progress or (lambda done: None)
        self.seen_contracts: set[str] = set()
        self.seen_ids: dict[str, str] = {}
        self.run_row: ImportRun | None = None
        self.office: Office | None = None
        self.ward_cache: dict[str, tuple] = {}
        self.noted: set[tuple] = set()
        self.opening: dict[int, list] = defaultdict(lambda: [0, set()])  # source -> amount, progs
        self.deltas: dict[tuple, int] = defaultdict(int)
        self.late: list[int] = []  # loans with a due date passed by today: derived again
        self.settle_ids: list[int] = []
        self.created_ids: list[int] = []
        self.references = bulk.References(_written())
        self.writer = bulk.Writer()
        self.interest: dict[tuple, list] = defaultdict(lambda: [0, 0])  # (source, programme)
        self.accounts: dict[tuple, int] = {}  # (office, kind, source, programme) -> account
        self.chunk_savings = self.savings_total = 0  # members' savings opened
        self.savings_opened: set[int] = set()  # memberships known before, given their savings

    # -- problems ---------------------------------------------------------------------------

    def problem(self, row: int, column: str, code: str, value="", blocking=True) -> None:
        self.outcome.problem_count += 1
        if len(self.outcome.problems) < MAX_PROBLEMS:
            self.outcome.problems.append(Problem(row, column, code, str(value), blocking))

    def add(self, found: list[Problem]) -> None:
        for x in found:
            self.problem(x.row, x.column, x.code, x.value, x.blocking)

    def col(self, key: str) -> str:
        """The column as the file heads it (the canonical name if the file lacks it)."""

        index = self.sheet.columns.get(key) if hasattr(self, "sheet") else None
        return self.sheet.headers[index] if index is not None else BY_KEY[key].title

    @property
    def stopped(self) -> bool:
        return not self.outcome.ok

    # -- run --------------------------------------------------------------------------------

    def run(self) -> Outcome:
        try:
            sheet = open_sheet(str(self.path), self.outcome.file_name)
        except UnreadableFile as error:
            self.problem(0, "", error.code, error.detail)
            return self.outcome
        self.sheet = sheet
        self.outcome.unknown_headers = sheet.unknown
        for key in missing_columns(sheet.columns):
            self.problem(0, BY_KEY[key].title, "missing_column")
        if "office_code" not in sheet.columns and not self.office_code:
            self.problem(0, self.col("office_code"), "missing_column")
        as_of = self.outcome.as_of or sheet.title_date
        if as_of is None:
            self.problem(0, "", "no_as_of")
        elif as_of > business_date():
            self.problem(0, "", "future_as_of", f"{as_of:%d/%m/%Y}")
        self.outcome.as_of = as_of
        if self.stopped:
            return self.outcome
        self.as_of, self.opened = as_of, as_of - ONE_DAY
        self._load_references()
        # The pass makes millions of short-lived tuples and no reference cycles: the cyclic
        # garbage collector would only walk the growing heap again and again (a tenth of the
        # time on a million rows).
        collecting, switching = gc.isenabled(), sys.getswitchinterval()
        gc.disable()
        # The writer thread hands each chunk to the database in pieces, each time taking the
        # interpreter back from the reading thread: a shorter switch interval keeps it fed.
        sys.setswitchinterval(0.0005)
        try:
            self._pass(sheet)
        finally:
            sys.setswitchinterval(switching)
            self.writer.wait()
            if collecting:
                gc.enable()
        if self.write and not self.stopped:
            self._finish()
        return self.outcome

    def _pass(self, sheet) -> None:
        chunk: list[Row] = []
        for number, cells in sheet.rows:
            if is_empty(cells, sheet.columns):
                continue  # trailing blank rows, separators
            found: list[Problem] = []
            row = read_row(number, cells, sheet.columns, sheet.headers, found)
            self.add(found)
            if not self._office_of(row):
                continue
            self.outcome.rows += 1
            chunk.append(row)
            if len(chunk) >= CHUNK:
                self._chunk(chunk)
                chunk = []
        if chunk:
            self._chunk(chunk)

    def _office_of(self, row: Row) -> bool:
        """One office per import: the one asked for, else the file's first."""
        code = row.office_code or self.office_code
        if not self.office_code:
            self.office_code = code
        if code != self.office_code:
            if self.chosen:
                self.outcome.skipped += 1  # --office chose another office's rows
                return False
            self.problem(row.number, self.col("office_code"), "several_offices", code)
            return False
        self.outcome.office_code = self.office_code
        row.office_code = code
        return True

    # -- references -------------------------------------------------------------------------

    def _load_references(self) -> None:
        self.programmes = {p.code: p for p in Programme.objects.prefetch_related("terms")}
        self.terms = {
            p.pk: sorted(p.terms.all(), key=lambda t: t.valid_from or datetime.date.min)
            for p in self.programmes.values()
        }
        self.sources = {s.code: s for s in CapitalSource.objects.all()}
        self.central = next(
            (s for s in self.sources.values() if s.level == SourceLevel.CENTRAL), None
        )
        self.points = {t.code: t for t in TransactionPoint.objects.all()}
        self.groups = {g.code: g for g in SavingsGroup.objects.all()}
        self.orgs = {(o.kind, o.unit_id): o for o in MassOrganisation.objects.all()}
        self.office = None
        self.office_looked_up = False
        self.today = business_date()  # read once: a query mid-chunk would wait for the COPY
        self.thresholds = rule("closing.debt_group_days", self.today)

    def _ward(self, row: Row):
        """The ward in force on the export date, following the 2025 reform's map."""
        if row.ward_code in self.ward_cache:
            unit, code = self.ward_cache[row.ward_code]
        else:
            units = list(AdminUnit.objects.filter(code=row.ward_code, level=Level.WARD))
            unit, code = None, "ward_unknown"
            live = [u for u in units if u.holds_on(self.as_of)]
            if live:
                unit, code = live[0], ""
            elif units:
                latest = max(units, key=lambda u: u.valid_from or datetime.date.min)
                successor = current_unit(latest, self.as_of)
                if successor.pk != latest.pk and successor.holds_on(self.as_of):
                    unit, code = successor, "ward_mapped"
                else:
                    code = "ward_closed"
            self.ward_cache[row.ward_code] = (unit, code)
        if code and (row.ward_code, code) not in self.noted:
            self.noted.add((row.ward_code, code))
            self.problem(
                row.number,
                self.col("ward_code"),
                code,
                f"{row.ward_code} {row.ward_name}".strip(),
                blocking=code != "ward_mapped",
            )
        elif code and code != "ward_mapped":
            self.problem(row.number, self.col("ward_code"), code, row.ward_code)
        return unit

    def _terms(self, programme, day):
        chosen = None
        for terms in self.terms[programme.pk]:
            if (terms.valid_from is None or terms.valid_from <= day) and (
                terms.valid_to is None or day <= terms.valid_to
            ):
                chosen = terms
        return chosen

    # -- one chunk --------------------------------------------------------------------------

    def _chunk(self, rows: list[Row]) -> None:
        ready = []
        for row in rows:  # the caches answer these, rarely the database (it waits its turn)
            context = self._check(row)
            if context is not None:
                ready.append((row, *context))
        # What was flushed is in before this chunk's rows are looked up: the households and
        # people of every earlier chunk. The previous chunk's loans may not be yet, and need
        # not be: a contract seen twice is caught by `seen_contracts`, not by the database.
        self.writer.wait()
        self._check_ids(rows)
        self._check_numbers(rows)
        if self.write and not self.stopped:
            self._write(ready)
        self.progress(self.outcome.rows)

    def _check(self, row: Row):
        n = row.number
        if row.contract in self.seen_contracts:
            self.problem(n, self.col("contract"), "duplicate", row.contract)
        elif row.contract:
            self.seen_contracts.add(row.contract)
        if row.loan_date and row.loan_date > self.as_of:
            self.problem(n, self.col("loan_date"), "after_as_of", f"{row.loan_date:%d/%m/%Y}")
        ward = self._ward(row) if row.ward_code else None
        programme = self.programmes.get(row.programme_code)
        terms = None
        if row.programme_code and programme is None:
            self.problem(n, self.col("programme_code"), "programme_unknown", row.programme_code)
        elif programme and row.loan_date:
            terms = self._terms(programme, row.loan_date) or self._terms(programme, self.as_of)
            if terms is None:
                self.problem(n, self.col("programme_code"), "no_terms", row.programme_code)
        source = self._source_of(row)
        if not row.sex and len(row.id_number) == 12:
            row.sex = "M" if is_male(row.id_number) else "F"  # digit 4 of a CCCD says it
        elif not row.sex:
            self.problem(n, self.col("sex"), "required")
        if self.office is None and not self.office_looked_up:
            self.office_looked_up = True
            self.office = Office.objects.filter(code=self.office_code).first()
        if self.office is None and ward is not None and ward.parent_id:
            self.office = Office(code=self.office_code, name=row.office_name or self.office_code)
            self.office.area_id = ward.parent_id
        if self.office is None:
            self.problem(n, self.col("office_code"), "office_unknown", self.office_code)
        if row.group_code and row.group_code not in self.groups:
            if not (_org_kind(row.org_name) or _org_kind(row.org_code)):
                self.problem(n, self.col("org_name"), "org_unknown", row.org_name)
        if None in (ward, programme, terms, source) or not row.loan_date:
            return None
        return ward, programme, terms, source

    def _source_of(self, row: Row):
        kind = row.source.strip()
        if kind in ("", "1") or kind.casefold().startswith(("tw", "trung")):
            if self.central is None:
                self.central = CapitalSource(
                    code="TW", name="Nguồn vốn Trung ương", level=SourceLevel.CENTRAL
                )
                self.sources["TW"] = self.central
            return self.central
        if kind == "2" or kind.casefold().startswith(("đp", "dp", "địa", "ns")):
            code = row.investor_code or "NS-DP"
            if code not in self.sources:
                self.sources[code] = CapitalSource(
                    code=code,
                    name=row.investor_name or _("Local budget %(code)s") % {"code": code},
                    level=SourceLevel.OTHER,
                )
            return self.sources[code]
        self.problem(row.number, self.col("source"), "source_unknown", kind)
        return None

    def _check_ids(self, rows: list[Row]) -> None:
        ids = {}
        for row in rows:
            if not row.id_number:
                continue
            if len(row.id_number) == 12:
                try:
                    validate_cccd(row.id_number)
                except CCCDError:
                    self.problem(row.number, self.col("id_number"), "id_province", row.id_number)
                    continue
            owner = self.seen_ids.setdefault(row.id_number, row.customer_code)
            if owner != row.customer_code:
                self.problem(row.number, self.col("id_number"), "id_shared", row.id_number)
            ids[row.id_number] = row
        if not ids:
            return
        for cccd, code in bulk.matching(Person.objects, "cccd", ids).values_list(
            "cccd", "household__code"
        ):
            row = ids[cccd]
            if code != self._household_code(row):
                self.problem(row.number, self.col("id_number"), "id_shared", cccd)

    def _check_numbers(self, rows: list[Row]) -> None:
        contracts = [r.contract for r in rows if r.contract]
        ours = set(
            bulk.matching(
                BankLoan.objects.filter(office__code=self.office_code), "contract", contracts
            ).values_list("contract", flat=True)
        )
        taken = set(
            bulk.matching(
                Loan.objects, "number", [c for c in contracts if c not in ours]
            ).values_list("number", flat=True)
        )
        if not self.write:
            for row in rows:
                if row.contract in ours:
                    self.outcome.updated += 1
                elif row.outstanding > 0:
                    self.outcome.created += 1
                else:
                    self.outcome.skipped += 1
        for row in rows:
            if row.contract in taken:
                self.problem(row.number, self.col("contract"), "number_taken", row.contract)

    @staticmethod
    def _household_code(row: Row) -> str:
        return row.customer_code or f"KU-{row.contract}"

    # -- writing ----------------------------------------------------------------------------

    def _start(self) -> None:
        """The office, the run record and the sources, the first time something is written."""
        if self.office.pk is None:
            self.office = save_office(actor=self.actor, instance=self.office)
        for code, source in list(self.sources.items()):
            if source.pk is None:
                self.sources[code] = save_source(actor=self.actor, instance=source)
        self.run_row = ImportRun.objects.create(
            office=self.office,
            as_of=self.as_of,
            file_name=self.outcome.file_name[:255],
            actor=self.actor,
        )
        self.outcome.run_id = self.run_row.pk
        self.references.start()

    def _write(self, ready: list[tuple]) -> None:
        if self.run_row is None:
            self._start()
        office = self.office
        contracts = [r.contract for r, *_rest in ready]
        known = {
            b.contract: b
            for b in bulk.matching(
                BankLoan.objects.filter(office=office), "contract", contracts
            ).select_related("loan")
        }
        for code, source in list(self.sources.items()):
            if source.pk is None:
                self.sources[code] = save_source(actor=self.actor, instance=source)
        new = [t for t in ready if t[0].contract not in known and t[0].outstanding > 0]
        self.outcome.skipped += sum(
            1 for r, *_rest in ready if r.contract not in known and r.outstanding == 0
        )
        existing = [t for t in ready if t[0].contract in known]
        if existing:
            self._update(existing, known)
        if new:
            self._create(new)

    def _places(self, new: list[tuple]) -> None:
        """Transaction points, organisations and groups the rows name and the books lack."""

        fresh = []
        for row, ward, *_rest in new:
            if not row.group_code or row.group_code in self.groups:
                continue
            point_code = row.point_code or f"ĐGD-{ward.code}"
            point = self.points.get(point_code)
            if point is None:
                day = row.point_day if row.point_day and 1 <= row.point_day <= 31 else 1
                point = save_transaction_point(
                    actor=self.actor,
                    instance=TransactionPoint(
                        code=point_code,
                        name=row.point_name or f"Điểm giao dịch {ward.name}",
                        office=self.office,
                        ward=ward,
                        address=row.point_name or ward.name,
                        day_of_month=day,
                    ),
                )
                self.points[point_code] = point
            kind = _org_kind(row.org_name) or _org_kind(row.org_code)
            org = self.orgs.get((kind, ward.pk))
            if org is None:
                org = save_organisation(
                    actor=self.actor,
                    instance=MassOrganisation(
                        kind=kind,
                        level=OrganisationLevel.WARD,
                        unit=ward,
                        name=row.org_name or OrganisationKind(kind).label,
                    ),
                )
                self.orgs[(kind, ward.pk)] = org
            group = SavingsGroup(
                code=row.group_code,
                name=row.group_name or row.group_code,
                organisation=org,
                transaction_point=point,
                office=self.office,
                founded=row.loan_date,
            )
            self.groups[row.group_code] = group
            fresh.append(group)
        # Groups come by the thousand in a branch's file: one insert, one audit event each.
        create_many(actor=self.actor, instances=fresh, row_rules=False)

    def _people(self, new: list[tuple]) -> dict[str, tuple[int, int]]:
        """Household code -> (household id, head id); the missing households are written with
        their head and their group membership."""
        codes = {self._household_code(r) for r, *_rest in new}
        households = {
            code: (pk, head)
            for code, pk, head in bulk.matching(Household.objects, "code", codes).values_list(
                "code", "pk", "head_id"
            )
        }
        fresh, seen = [], set()
        for row, ward, *_rest in new:
            code = self._household_code(row)
            if code not in households and code not in seen:
                seen.add(code)
                fresh.append((row, ward, code))
        self._savings_of_known(new, households)
        if not fresh:
            return households
        home_ids = bulk.reserve_ids(Household, len(fresh))
        person_ids = bulk.reserve_ids(Person, len(fresh))
        office = self.office.pk
        self.writer.insert(
            Household,
            ["id", "code", "office_id", "ward_id", "village", "address", "phone", "head_id"],
            [
                (
                    home,
                    code,
                    office,
                    ward.pk,
                    row.village[:100],
                    (row.address or ward.name)[:255],
                    row.phone[:20],
                    head,
                )
                for (row, ward, code), home, head in zip(fresh, home_ids, person_ids, strict=True)
            ],
        )
        self.writer.insert(
            Person,
            [
                "id", "household_id", "full_name", "gender", "birth_date", "cccd", "relation",
                "ethnicity", "office_id",
            ],
            [
                (
                    head,
                    home,
                    row.customer_name[:150],
                    row.sex or "F",
                    row.birth_date,
                    row.id_number if len(row.id_number) == 12 else None,
                    HEAD,
                    "Kinh",
                    office,
                )
                for (row, _ward, _code), home, head in zip(fresh, home_ids, person_ids, strict=True)
            ],
        )  # fmt: skip
        memberships = []
        for (row, _ward, code), home, head in zip(fresh, home_ids, person_ids, strict=True):
            households[code] = (home, head)
            group = self.groups.get(row.group_code)
            if group is not None:
                memberships.append((row, group.id, home))
        member_ids = bulk.reserve_ids(Membership, len(memberships))
        self.writer.insert(
            Membership,
            ["id", "group_id", "household_id", "joined", "left", "office_id"],
            [
                (member, group, home, row.loan_date, None, office)
                for (row, group, home), member in zip(memberships, member_ids, strict=True)
            ],
        )
        self._opening_savings(
            [
                (member, row.savings)
                for (row, *_r), member in zip(memberships, member_ids, strict=True)
            ]
        )
        return households

    def _savings_of_known(self, new: list[tuple], households: dict) -> None:
        """Savings for households PolicyCredit already knows (loaded before, with their group
        memberships but no savings of their own yet): the membership in the row's group gets
        the bank's balance, once. A membership with savings movements keeps its own: the bank's
        figure is not written over it."""
        wanted = {}
        for row, *_rest in new:
            group = self.groups.get(row.group_code)
            code = self._household_code(row)
            if row.savings > 0 and group is not None and code in households:
                wanted.setdefault((households[code][0], group.id), row.savings)
        if not wanted:
            return
        members = Membership.objects.filter(
            household_id__in={h for h, _g in wanted},
            group_id__in={g for _h, g in wanted},
            left__isnull=True,
        ).exclude(Exists(SavingsTransaction.objects.filter(membership_id=OuterRef("pk"))))
        balances = []
        for member, home, group in members.values_list("pk", "household_id", "group_id"):
            if (home, group) in wanted and member not in self.savings_opened:
                self.savings_opened.add(member)
                balances.append((member, wanted[(home, group)]))
        self._opening_savings(balances)

    def _opening_savings(self, balances: list[tuple[int, int]]) -> None:
        """The members' savings the bank holds (Số dư tiền gửi 105), opened as one deposit per
        new membership on the opening day; the books get them in `_post_opening_savings`. The
        bank repeats a member's balance on each of their loans in the group: the membership's
        first row gives it, once."""
        now, actor = timezone.now(), self.actor.pk
        reason = f"Số dư đầu kỳ theo HSTD {self.as_of:%d/%m/%Y}"
        deposits = [
            (member, self.office.pk, SavingsKind.DEPOSIT.value, amount, self.opened, reason,
             actor, now)
            for member, amount in balances
            if amount > 0
        ]  # fmt: skip
        self.writer.insert(
            SavingsTransaction,
            [
                "membership_id", "office_id", "kind", "amount", "value_date", "reason",
                "actor_id", "recorded_at",
            ],
            deposits,
        )  # fmt: skip
        self.chunk_savings += sum(d[3] for d in deposits)

    def _post_opening_savings(self) -> None:
        """The chunk's opening savings in the books: one entry, cash against the members'
        savings (`ledger check` compares the account with the members' movements)."""
        if not self.chunk_savings:
            return
        post_lines_of_loans(
            office_id=self.office.pk,
            value_date=self.opened,
            kind=EntryKind.SAVINGS,
            memo=f"Tiền gửi tổ viên đầu kỳ theo HSTD {self.as_of:%d/%m/%Y} – lần nhập "
            f"{self.run_row.pk}",
            actor=self.actor,
            lines=[(line, None) for line in p.savings_deposit(self.chunk_savings)],
            insert=self.writer.insert,
            accounts=self.accounts,
        )
        self.savings_total += self.chunk_savings
        self.chunk_savings = 0

    def _create(self, new: list[tuple]) -> None:
        # Everything that needs the database first; then the previous chunk's rows go to it
        # (a background COPY) while this chunk's are built, which needs only the interpreter.
        self._places(new)
        households = self._people(new)
        application_ids = bulk.reserve_ids(Application, len(new))
        loan_ids = bulk.reserve_ids(Loan, len(new))
        self._open_accounts(new)
        self.writer.flush()
        office, opened, as_of = self.office.pk, self.opened, self.as_of
        today = self.today
        run = self.run_row.pk
        # Overdue principal is overdue since the export date: one day past due on it.
        overdue_group = p.debt_group(1, self.thresholds)
        # Plain strings, not the choices' enum members: the writer adapts them faster.
        disbursed = ApplicationStatus.DISBURSED.value
        is_frozen, is_overdue, is_active = (
            x.value for x in (LoanStatus.FROZEN, LoanStatus.OVERDUE, LoanStatus.ACTIVE)
        )
        kind_disbursement, kind_freeze = K.DISBURSEMENT.value, K.FREEZE.value
        applications, loans, instalments, banks, specs = [], [], [], [], []
        disbursements, freezes = [], []
        for n, ((row, _ward, programme, terms, source), app_id, loan_id) in enumerate(
            zip(new, application_ids, loan_ids, strict=True)
        ):
            home, head = households[self._household_code(row)]
            group = self.groups.get(row.group_code)
            group_id = group.id if group is not None else None
            source_id = self.sources[source.code].id
            term = row.term_months or _months_between(row.loan_date, row.due or row.loan_date)
            term = max(1, min(term, 32767))
            amount = max(row.amount, row.outstanding)
            first = min(row.loan_date, opened)
            rate = row.rate if row.rate is not None else terms.monthly_rate
            applications.append(
                (
                    app_id, f"HSTD-{run}-{self.outcome.created + n + 1:07d}", office, home, head,
                    programme.id, group_id, amount, term, PURPOSE, first, "", False, 0, 0,
                    disbursed, terms.id, "",
                )
            )  # fmt: skip
            overdue_since = as_of if row.principal_overdue else None
            due = self._in_term_due(row) if row.principal_in_term else None
            status = (
                is_frozen
                if row.principal_frozen
                else is_overdue
                if row.principal_overdue
                else is_active
            )
            group_of_debt = overdue_group if overdue_since else 1
            loans.append(
                (
                    loan_id, row.contract, office, app_id, home, head, programme.id, group_id,
                    source_id, terms.id, rate, terms.overdue_factor, terms.day_basis, amount,
                    term, first, 0, 0, as_of, status, row.outstanding, row.outstanding,
                    row.principal_overdue, row.principal_frozen, 0, 0, 0, 0, overdue_since,
                    group_of_debt, due,
                )
            )  # fmt: skip
            if row.principal_overdue:
                instalments.append((loan_id, opened, row.principal_overdue, office))
            if row.principal_in_term:
                instalments.append((loan_id, due, row.principal_in_term, office))
                if due < today:
                    self.late.append(loan_id)
            details = {"opening": run}
            if row.interest_unpaid or row.interest_unpaid_overdue:
                # The bank's unpaid interest, due from the export date: the engine counts it as
                # interest due and accrues from that date on (domain.history.OpeningInterest).
                details["opening_interest"] = {
                    "from": as_of.isoformat(),
                    "in_term": row.interest_unpaid,
                    "overdue": row.interest_unpaid_overdue,
                }
            disbursements.append(
                (loan_id, office, kind_disbursement, opened, row.outstanding, 0, details)
            )
            if row.principal_frozen:
                months = _months_between(as_of, row.freeze_expiry) if row.freeze_expiry else 0
                details = {
                    "amount": row.principal_frozen,
                    "months": months,
                    "decision": row.decision,
                    "loss_percent": None,
                    "opening": run,
                }
                freezes.append((loan_id, office, kind_freeze, opened, 0, 0, details))
            banks.append(
                (
                    loan_id,
                    office,
                    as_of,
                    row.interest_unpaid + row.interest_unpaid_overdue,
                    self._bank_values(row),
                )
            )
            key = (office, source_id, programme.id)
            for overdue, balance in ((False, row.principal_in_term), (True, row.principal_overdue)):
                if balance:
                    self.deltas[(*key, overdue, rate, terms.overdue_factor, terms.day_basis)] += (
                        balance
                    )
            opening = self.opening[source_id]
            opening[0] += row.outstanding
            opening[1].add(programme.id)
            specs.append((loan_id, row, source_id, programme.id))
        self.writer.insert(
            Application,
            [
                "id",
                "number",
                "office_id",
                "household_id",
                "borrower_id",
                "programme_id",
                "group_id",
                "amount",
                "term_months",
                "purpose",
                "applied_on",
                "collateral",
                "business",
                "jobs_new_planned",
                "jobs_maintained_planned",
                "status",
                "terms_id",
                "rejection_reason",
            ],
            applications,
        )
        self.writer.insert(
            Loan,
            [
                "id",
                "number",
                "office_id",
                "application_id",
                "household_id",
                "borrower_id",
                "programme_id",
                "group_id",
                "source_id",
                "terms_id",
                "monthly_rate",
                "overdue_factor",
                "day_basis",
                "amount",
                "term_months",
                "first_disbursed_on",
                "jobs_new_planned",
                "jobs_maintained_planned",
                "state_date",
                "status",
                "disbursed_total",
                "principal_outstanding",
                "principal_overdue",
                "principal_frozen",
                "principal_repaid_total",
                "principal_written_off",
                "interest_paid_total",
                "interest_overdue_paid",
                "overdue_since",
                "debt_group",
                "next_due",
            ],
            loans,
        )
        self.writer.insert(Instalment, ["loan_id", "due", "principal", "office_id"], instalments)
        now = timezone.now()
        actor = self.actor.pk
        self.writer.insert(
            LoanTransaction,
            [
                "loan_id", "office_id", "kind", "value_date", "principal", "interest", "details",
                "reason", "actor_id", "recorded_at",
            ],
            [(*values, PURPOSE, actor, now) for values in disbursements + freezes],
        )  # fmt: skip
        self.writer.insert(
            BankLoan,
            ["loan_id", "office_id", "run_id", "opening_as_of", "opening_interest", *BANK_FIELDS],
            [
                (loan_id, office_id, run, *opening, *values)
                for loan_id, office_id, *opening, values in banks
            ],
        )
        self._post_opening(specs)
        self._post_opening_savings()
        self.created_ids += loan_ids
        self.outcome.created += len(loans)

    def _open_accounts(self, new: list[tuple]) -> None:
        """The ledger accounts the chunk's opening entries will post to, looked up (or opened)
        while the database is free, and kept for the rest of the import."""
        office = self.office.pk
        wanted = {(office, p.CASH_OFFICE, None, None), (office, p.MEMBER_SAVINGS, None, None)}
        for row, _ward, programme, _terms, source in new:
            source_id = self.sources[source.code].id
            for kind, amount in _loan_classes(row):
                if amount:
                    wanted.add((office, kind, source_id, programme.id))
        missing = wanted - self.accounts.keys()
        if missing:
            self.accounts.update(accounts_for(missing))

    def _post_opening(self, specs: list[tuple]) -> None:
        """The chunk's opening position in the books: one entry per capital source and programme
        (the opening balance of their loan accounts against the cash the opening decisions
        bring), each loan's principal on lines naming the loan, so `ledger check` still finds
        every loan's postings equal to its balance."""
        by_dims: dict[tuple, list] = defaultdict(list)
        for loan_id, row, source_id, programme_id in specs:
            by_dims[(source_id, programme_id)].append((loan_id, row))
            interest = self.interest[(source_id, programme_id)]
            interest[0] += row.interest_unpaid
            interest[1] += row.interest_unpaid_overdue
        for (source, programme), members in by_dims.items():
            lines, cash = [], 0
            for loan_id, row in members:
                for kind, amount in _loan_classes(row):
                    if amount:
                        lines.append((p.Line(kind, amount, source, programme), loan_id))
                cash += row.outstanding
            lines.append((p.Line(p.CASH_OFFICE, -cash), None))
            post_lines_of_loans(
                office_id=self.office.pk,
                value_date=self.opened,
                kind=EntryKind.LOAN,
                memo=f"Số dư đầu kỳ theo HSTD {self.as_of:%d/%m/%Y} – lần nhập {self.run_row.pk}",
                actor=self.actor,
                lines=lines,
                insert=self.writer.insert,
                accounts=self.accounts,
            )

    def _post_opening_interest(self) -> None:
        """The bank's unpaid interest in the books, once the close of day accrues interest (until
        then interest is income when collected, and the first close books what the engine says
        is due, this included). Receivable against ordinary and overdue-interest income, dated
        the export date; if days were closed since the export without these loans, what the
        engine accrued on them in those days is added, so the receivable is what they owe."""
        if not accruing() or not self.created_ids:
            return
        amounts = {key: list(value) for key, value in self.interest.items()}
        if business_date() > self.as_of:
            amounts = defaultdict(lambda: [0, 0])
            for start in range(0, len(self.created_ids), 2000):
                chunk = list(Loan.objects.filter(pk__in=self.created_ids[start : start + 2000]))
                histories = histories_of(chunk)
                for loan in chunk:
                    history = histories[loan.pk]
                    in_term, overdue = unpaid_interest(history, state_at(history, business_date()))
                    amount = amounts[(loan.source_id, loan.programme_id)]
                    amount[0] += in_term
                    amount[1] += overdue
        lines = []
        for (source, programme), (in_term, overdue) in amounts.items():
            lines += [(x, None) for x in p.interest_accrued(in_term, overdue, source, programme)]
        if lines:
            post_lines_of_loans(
                office_id=self.office.pk,
                value_date=self.as_of,
                kind=EntryKind.LOAN,
                memo=f"Lãi tồn đầu kỳ theo HSTD {self.as_of:%d/%m/%Y} – lần nhập {self.run_row.pk}",
                actor=self.actor,
                lines=lines,
            )

    def _in_term_due(self, row: Row) -> datetime.date:
        """Where the bank's in-term principal falls due; a date already passed would make it
        overdue at once, against the bank's word, so it falls due at the export date."""
        due = row.due or add_months(row.loan_date, row.term_months or 12)
        if due < self.as_of:
            key = ("due_passed", row.number)
            if key not in self.noted:
                self.noted.add(key)
                self.problem(
                    row.number, self.col("due_date"), "due_passed", f"{due:%d/%m/%Y}", False
                )
            return self.as_of
        return due

    def _bank_values(self, row: Row) -> tuple:
        """The bank's figures of a row, in the order of BANK_FIELDS."""
        return (
            row.contract,
            row.customer_code[:30],
            self.as_of,
            row.due_date,
            row.extended_due_date,
            max(0, min(row.extensions, 32767)),
            row.freeze_expiry,
            row.disbursed_total,
            row.principal_repaid,
            row.interest_repaid,
            row.principal_in_term,
            row.principal_overdue,
            row.principal_frozen,
            row.interest_unpaid,
            row.interest_unpaid_overdue,
            row.savings,
            row.status[:50],
            row.decision[:100],
            row.investor_name[:200],
        )

    def _bank_loan(self, bank: BankLoan, row: Row) -> BankLoan:
        for name, value in zip(BANK_FIELDS, self._bank_values(row), strict=True):
            setattr(bank, name, value)
        bank.run = self.run_row
        return bank

    # -- a newer export ---------------------------------------------------------------------

    def _update(self, existing: list[tuple], known: dict[str, BankLoan]) -> None:
        """Compare with the books, keep the bank's new figures, settle what the bank settled."""

        loans = [known[r.contract].loan for r, *_rest in existing]
        histories = histories_of(loans)
        banks = []
        for (row, *_rest), loan in zip(existing, loans, strict=True):
            bank = self._bank_loan(known[row.contract], row)
            banks.append(bank)
            history = histories[loan.pk]
            state = state_at(history, max(self.as_of, loan.first_disbursed_on))
            carried = 0
            if bank.opening_as_of and history.opening is None:
                # Imported before the engine had opening interest: the bank's unpaid interest
                # then, less the day the engine counted itself.
                carried = bank.opening_interest - state_at(history, bank.opening_as_of).interest_due
            ours = {
                "principal_in_term": state.principal_in_term,
                "principal_overdue": state.principal_overdue,
                "principal_frozen": state.principal_frozen,
                "interest_unpaid": state.interest_due + carried,
            }
            theirs = {
                "principal_in_term": row.principal_in_term,
                "principal_overdue": row.principal_overdue,
                "principal_frozen": row.principal_frozen,
                "interest_unpaid": row.interest_unpaid + row.interest_unpaid_overdue,
            }
            for name, value in ours.items():
                if value != theirs[name]:
                    self.outcome.differences.append(
                        (loan.pk, row.contract, name, value, theirs[name])
                    )
            if row.outstanding == 0 and state.principal_outstanding:
                self.settle_ids.append(loan.pk)
        BankLoan.objects.bulk_update(banks, [*BANK_FIELDS[1:], "run"], batch_size=1000)
        self._refresh_people(existing, loans)
        self.outcome.updated += len(existing)

    def _refresh_people(self, existing, loans) -> None:
        """Names, phones and addresses the bank corrected (no money: the books are not
        touched)."""

        people = {
            x.pk: x for x in Person.objects.filter(pk__in=[loan.borrower_id for loan in loans])
        }
        homes = {
            h.pk: h for h in Household.objects.filter(pk__in=[loan.household_id for loan in loans])
        }
        for (row, *_rest), loan in zip(existing, loans, strict=True):
            person, home = people[loan.borrower_id], homes[loan.household_id]
            if row.customer_name and person.full_name != row.customer_name[:150]:
                person.full_name = row.customer_name[:150]
                save_record(actor=self.actor, instance=person, exclude_checks=["cccd"])
            changes = {
                "phone": row.phone[:20] or home.phone,
                "address": row.address[:255] or home.address,
                "village": row.village[:100] or home.village,
            }
            if any(getattr(home, k) != v for k, v in changes.items()):
                for k, v in changes.items():
                    setattr(home, k, v)
                save_record(actor=self.actor, instance=home)

    # -- the end ----------------------------------------------------------------------------

    def _finish(self) -> None:

        self.writer.flush()  # the last chunk's rows
        self.writer.wait()
        if self.run_row is None:
            self._start()
        self.references.stop()
        for source_id, (amount, programmes) in self.opening.items():
            if not amount:
                continue
            decision = save_decision(
                actor=self.actor,
                instance=EntrustmentDecision(
                    source_id=source_id,
                    office=self.office,
                    number=f"HSTD-{self.as_of:%Y%m%d}-{self.run_row.pk}",
                    date=self.opened,
                    amount=amount,
                    note=_(
                        "Opening position: capital lent in the loans of the bank's register "
                        "of %(day)s (import %(run)s)."
                    )
                    % {"day": f"{self.as_of:%d/%m/%Y}", "run": self.run_row.pk},
                ),
            )
            decision.programmes.set(sorted(programmes))
        buckets.apply_deltas(dict(self.deltas))
        self._post_opening_interest()
        for start in range(0, len(self.late), 2000):
            late = list(Loan.objects.filter(pk__in=self.late[start : start + 2000]))
            loans_services.refresh_states(late, actor=self.actor)
        self._settle_missing(loans_services)
        Difference.objects.bulk_create(
            [
                Difference(
                    run=self.run_row,
                    loan_id=loan_id,
                    contract=contract,
                    field=name,
                    ours=str(ours),
                    bank=str(bank),
                )
                for loan_id, contract, name, ours, bank in self.outcome.differences
            ],
            batch_size=2000,
        )
        run = self.run_row
        run.rows = self.outcome.rows
        run.created, run.updated = self.outcome.created, self.outcome.updated
        run.settled, run.differences = self.outcome.settled, len(self.outcome.differences)
        run.save()
        record(
            actor=self.actor,
            action=Action.REGISTER_IMPORTED,
            instance=run,
            new={
                "file": run.file_name,
                "as_of": self.as_of.isoformat(),
                "rows": run.rows,
                "created": run.created,
                "updated": run.updated,
                "settled": run.settled,
                "differences": run.differences,
            },
        )

    def _settle_missing(self, loans_services) -> None:
        """Loans of this office the newer export no longer lists (or lists with nothing
        outstanding): the bank collected them. Settled on the export date through the loans'
        repayment service, principal and the interest PolicyCredit says is due."""

        open_states = OPEN_STATUSES
        missing = [
            loan_id
            for contract, loan_id in BankLoan.objects.filter(
                office=self.office, loan__status__in=open_states
            ).values_list("contract", "loan_id")
            if contract not in self.seen_contracts
        ]
        ids = sorted(set(missing) | set(self.settle_ids))
        for start in range(0, len(ids), 2000):
            chunk = list(Loan.objects.filter(pk__in=ids[start : start + 2000]))
            histories = histories_of(chunk)
            entries = []
            for loan in chunk:
                state = state_at(histories[loan.pk], self.as_of)
                if state.principal_outstanding or state.interest_due:
                    entries.append(
                        (loan, self.as_of, state.principal_outstanding, state.interest_due)
                    )
                    self.outcome.differences.append(
                        (loan.pk, loan.number, "settled", state.principal_outstanding, 0)
                    )
            if entries:
                loans_services.collect_many(actor=self.actor, entries=entries)
            self.outcome.settled += len(entries)


def _written() -> list:
    """Every table the chunks write to (their foreign keys are verified at the end)."""

    return [
        AuditEvent, TransactionPoint, MassOrganisation, SavingsGroup, Household, Person,
        Membership, SavingsTransaction, Application, Loan, Instalment, LoanTransaction, BankLoan,
        Account, JournalLine, JournalEntry,
    ]  # fmt: skip


def _loan_classes(row: Row) -> tuple:
    """The loan accounts a row's principal opens in, with the amount in each."""
    return (
        (p.LOANS_IN_TERM, row.principal_in_term),
        (p.LOANS_OVERDUE, row.principal_overdue),
        (p.LOANS_FROZEN, row.principal_frozen),
    )


def _bucket(loan: Loan, overdue: bool) -> tuple:
    return (
        loan.office_id,
        loan.source_id,
        loan.programme_id,
        overdue,
        loan.monthly_rate,
        loan.overdue_factor,
        loan.day_basis,
    )


def _months_between(start: datetime.date, end: datetime.date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month)
