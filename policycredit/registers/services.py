"""Import of the bank's loan register (HSTD): check every row, then take it in wholly or not.

One pass over the file, a few thousand rows at a time: each chunk is read and checked, and, as
long as no row so far has a blocking problem, written with bulk inserts. A blocking problem
anywhere stops the writing (the checking goes on, so the list is complete) and the transaction
rolls everything back: the import is all or nothing. A dry run only checks.

What a new loan becomes is the loans' business: each row becomes a named record
(`loans.services.opening.OpeningLoan`) holding the bank's position on the export date D, and the
loans' opening writer gives it the history the domain says leads there (`domain.opening`), the
opening entries in the books and the capital that funds them. The in-term principal falls due
on the due date after extension (else by contract).

The modules: this one runs the pass (one chunk at a time: check, then write); the checks are in
`import_checks`, the households, groups and savings in `import_people`, a newer export of known
loans in `import_update`.

The bank's own figures (disbursed, repaid, unpaid interest, extensions, freeze expiry, savings)
are kept beside the loan in `BankLoan`; a later export of the same office is matched on office
code + contract number, and what differs from PolicyCredit's books is listed (`Difference`),
never written over them. A loan missing from the newer export is settled on its date through
the loans' own repayment service.

The pass keeps the garbage collector on: it may run inside a web request. The command and the
benchmark run it inside `common.bulk.long_pass`, which is faster for a whole process.
"""

import datetime
import itertools

from django.db import transaction
from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.accounts.roles import Act
from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.capital.services import save_source
from policycredit.common import bulk
from policycredit.common.selectors import business_date
from policycredit.domain import posting as p
from policycredit.domain.bankfile import CellError, is_blank, read_date, read_text
from policycredit.domain.opening import Position
from policycredit.geo.services import save_office
from policycredit.loans.services.opening import Opening, OpeningLoan
from policycredit.registers.columns import BY_KEY
from policycredit.registers.import_checks import Checks, household_code
from policycredit.registers.import_people import Newcomers
from policycredit.registers.import_update import BANK_FIELDS, NewerExport
from policycredit.registers.models import BankLoan, Difference, ImportRun
from policycredit.registers.outcome import MAX_PROBLEMS, ImportRefused, Outcome
from policycredit.registers.reader import UnreadableFile, open_sheet
from policycredit.registers.rows import Problem, Row, is_empty, missing_columns, read_row

ONE_DAY = datetime.timedelta(days=1)
CHUNK = 10_000
PURPOSE = "Nhập từ hồ sơ tín dụng của ngân hàng (HSTD)"


def check_register(path, *, file_name=None, office=None, as_of=None, progress=None) -> Outcome:
    """The dry run: every problem by row and column; nothing is written."""
    return _each_office(path, file_name, office, as_of, None, progress)


@transaction.atomic
def import_register(
    *, actor, path, file_name=None, office=None, as_of=None, progress=None
) -> Outcome:
    """Check and import the file in one transaction; raises ImportRefused (nothing written)
    if any row has a blocking problem. A file of several offices (a provincial branch's) is
    taken office by office in the same transaction, unless ``office`` chooses one.

    The rules table decides who may import (`accounts.policy`, act "register.import"): asked
    before the file is read. An import cannot wait for a second person, its file is deleted
    after the run, so an act beyond the importer's rights is refused, not proposed."""
    policy.require(Act.REGISTER_IMPORT, actor)
    outcome = _each_office(path, file_name, office, as_of, actor, progress)
    if not outcome.ok:
        raise ImportRefused(outcome)
    return outcome


def _each_office(path, file_name, office, as_of, actor, progress) -> Outcome:
    """The file's first office is taken in the first pass, which notes the other offices it
    meets (a one-office file is read once); a branch's file then gets a pass per other office,
    all in the caller's transaction."""
    first = _Import(path, file_name, office, as_of, actor=actor, progress=progress).run()
    if not first.others:
        return first
    parts = [first]
    for code in first.others:
        if actor is not None and not parts[-1].ok:
            break  # the transaction rolls back: the other offices need not be written
        parts.append(_Import(path, file_name, code, as_of, actor=actor, progress=progress).run())
    return Outcome.of_offices(parts)


class _Import(Checks, Newcomers, NewerExport):
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
        self.office = None
        self.ward_cache: dict[str, tuple] = {}
        self.area_of: dict[str, int] = {}  # ward code in the file -> the unit above it
        self.noted: set[tuple] = set()
        self.settle_ids: list[int] = []
        self.writer = bulk.Writer()
        self.opening: Opening | None = None  # the loans' writer, from the first write
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
        as_of = self.outcome.as_of or sheet.title_date or _date_in_rows(sheet)
        if as_of is None:
            self.problem(0, "", "no_as_of")
        elif as_of > business_date():
            self.problem(0, "", "future_as_of", f"{as_of:%d/%m/%Y}")
        self.outcome.as_of = as_of
        if self.stopped:
            return self.outcome
        self.as_of, self.opened = as_of, as_of - ONE_DAY
        self._load_references()
        try:
            self._pass(sheet)
        finally:
            self.writer.wait()
        if self.write and not self.stopped:
            self._finish()
        return self.outcome

    def _pass(self, sheet) -> None:
        chunk: list[Row] = []
        office_at = sheet.columns.get("office_code")
        for number, cells in sheet.rows:
            if is_empty(cells, sheet.columns):
                continue  # trailing blank rows, separators
            if office_at is not None and office_at < len(cells) and self.office_code:
                # Another office's row, told from its one cell before the whole row is read
                # (a branch's file is read once per office).
                code = read_text(cells[office_at])
                if code and code != self.office_code:
                    self._other_office(code)
                    continue
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
        self.opening = Opening(
            actor=self.actor,
            office=self.office,
            as_of=self.as_of,
            origin=self.run_row,
            writer=self.writer,
            thresholds=self.thresholds,
            purpose=PURPOSE,
        )

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

    def _create(self, new: list[tuple]) -> None:
        # Everything that needs the database first; then the previous chunk's rows go to it
        # (a background COPY) while this chunk's are built, which needs only the interpreter.
        self._places(new)
        households = self._people(new)
        loans = [self._opening_loan(item, households) for item in new]
        ids = self.opening.prepare(loans)
        self.opening.open_accounts({(self.office.pk, p.MEMBER_SAVINGS, None, None)})
        self.writer.flush()
        self.opening.write(loans, ids)
        office, run, as_of = self.office.pk, self.run_row.pk, self.as_of
        self.writer.insert(
            BankLoan,
            ["loan_id", "office_id", "run_id", "opening_as_of", "opening_interest", *BANK_FIELDS],
            [
                (
                    loan_id, office, run, as_of,
                    row.interest_unpaid + row.interest_unpaid_overdue, *self._bank_values(row),
                )
                for (row, *_rest), loan_id in zip(new, ids[1], strict=True)
            ],
        )  # fmt: skip
        self._post_opening_savings()
        self.outcome.created += len(loans)

    def _opening_loan(self, item: tuple, households: dict) -> OpeningLoan:
        """A row as the loans' opening writer takes it."""
        row, _ward, programme, terms, source = item
        home, head = households[household_code(row)]
        group = self.groups.get(row.group_code)
        term = row.term_months or _months_between(row.loan_date, row.due or row.loan_date)
        frozen_for = 0
        if row.principal_frozen and row.freeze_expiry:
            frozen_for = _months_between(self.as_of, row.freeze_expiry)
        return OpeningLoan(
            number=row.contract,
            household_id=home,
            borrower_id=head,
            programme_id=programme.id,
            group_id=group.id if group is not None else None,
            source_id=self.sources[source.code].id,
            terms=terms,
            monthly_rate=row.rate if row.rate is not None else terms.monthly_rate,
            amount=max(row.amount, row.outstanding),
            term_months=max(1, min(term, 32767)),
            first_disbursed_on=min(row.loan_date, self.opened),
            position=Position(
                self.as_of,
                row.principal_in_term,
                row.principal_overdue,
                row.principal_frozen,
                self._in_term_due(row) if row.principal_in_term else None,
                row.interest_unpaid,
                row.interest_unpaid_overdue,
            ),
            freeze_months=frozen_for,
            freeze_decision=row.decision,
        )

    # -- the end ----------------------------------------------------------------------------

    def _finish(self) -> None:
        self.writer.flush()  # the last chunk's rows
        self.writer.wait()
        if self.run_row is None:
            self._start()
        self.opening.finish(
            decision_number=f"HSTD-{self.as_of:%Y%m%d}-{self.run_row.pk}",
            decision_note=_(
                "Opening position: capital lent in the loans of the bank's register "
                "of %(day)s (import %(run)s)."
            )
            % {"day": f"{self.as_of:%d/%m/%Y}", "run": self.run_row.pk},
        )
        self._settle_missing()
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
        self._close_run()

    def _close_run(self) -> None:
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


def _date_in_rows(sheet) -> datetime.date | None:
    """The data date ("Ngày số liệu") of the first row that has one, for a file whose title
    does not give it; the rows read are put back for the pass."""
    index = sheet.columns.get("as_of")
    if index is None:
        return None
    seen, found = [], None
    for number, cells in sheet.rows:
        seen.append((number, cells))
        if index < len(cells) and not is_blank(cells[index]):
            try:
                found = read_date(cells[index])
            except CellError:
                found = None
            break
    sheet.rows = itertools.chain(seen, sheet.rows)
    return found


def _months_between(start: datetime.date, end: datetime.date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month)
