"""The register import's checks: every row against the file, the references PolicyCredit knows
and the rows before it. A problem is listed by row and column (`rows.Problem`); a blocking one
stops the writing, and the checking goes on so the list is complete.

A mixin of the import (`services._Import`), whose state it reads: the outcome, the sheet, the
office and the caches of references.
"""

import datetime
import functools
import re

from django.utils.translation import gettext as _

from policycredit.borrowers.models import Person
from policycredit.capital.models import CapitalSource, SourceLevel
from policycredit.common import bulk
from policycredit.common.selectors import business_date, rule
from policycredit.domain.cccd import CCCDError, is_male, validate_cccd
from policycredit.domain.dates import add_months
from policycredit.geo.models import AdminUnit, Level, Office, TransactionPoint
from policycredit.geo.selectors import current_unit
from policycredit.loans.models import Loan
from policycredit.network.models import MassOrganisation, OrganisationKind, SavingsGroup
from policycredit.programmes.models import Programme
from policycredit.registers.models import BankLoan
from policycredit.registers.rows import Row


@functools.lru_cache(maxsize=1024)  # a file names a few organisations, on every row
def org_kind(name: str) -> str | None:
    text = name.casefold()
    for words, kind in (
        (("phụ nữ", "phu nu", "hpn"), OrganisationKind.WOMEN),
        (("nông dân", "nong dan", "hnd"), OrganisationKind.FARMERS),
        (("cựu chiến binh", "cuu chien binh", "ccb"), OrganisationKind.VETERANS),
        (("thanh niên", "thanh nien", "đoàn", "đtn", "dtn"), OrganisationKind.YOUTH),
    ):
        if any(w in text for w in words):
            return kind
    return None


def _start(unit) -> datetime.date:
    return unit.valid_from or datetime.date.min


def bank_number(code: str) -> str:
    """A numeric code as the bank means it: "01", "1" and "1.0" (a number cell) are 1."""
    found = re.fullmatch(r"0*(\d+)(?:\.0+)?", code.strip())
    return found.group(1) if found else code


def household_code(row: Row) -> str:
    return row.customer_code or f"KU-{row.contract}"


class Checks:
    def _office_of(self, row: Row) -> bool:
        """One office per pass: the one asked for, else the file's first."""
        code = row.office_code or self.office_code
        if not self.office_code:
            self.office_code = code
        if code != self.office_code:
            self._other_office(code)
            return False
        self.outcome.office_code = self.office_code
        row.office_code = code
        return True

    def _other_office(self, code: str) -> None:
        """A row of another office: skipped in this pass; noted for a pass of its own when no
        office was chosen (a branch's file)."""
        self.outcome.skipped += 1
        self.outcome.other_offices += 1
        if not self.chosen and code not in self.outcome.others:
            self.outcome.others.append(code)

    def _load_references(self) -> None:
        self.programmes = {}
        for programme in Programme.objects.prefetch_related("terms"):
            self.programmes[programme.code] = programme
            if programme.bank_code:  # the bank's number (Mã chương trình: 1, 3, 19…)
                self.programmes.setdefault(programme.bank_code, programme)
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
        self.thresholds = rule("closing.debt_group_days", business_date())

    def _ward(self, row: Row):
        """The ward in force on the export date, following the 2025 reform's map."""
        if row.ward_code in self.ward_cache:
            unit, code = self.ward_cache[row.ward_code]
        else:
            units = list(AdminUnit.objects.filter(code=row.ward_code, level=Level.WARD))
            unit, code = None, "ward_unknown"
            live = [u for u in units if u.holds_on(self.as_of)]
            if units:
                # Where a new office sits: the district of the old commune of this code (a new
                # commune took the code of the old one where it has its seat), else the
                # province (districts are gone since 01/07/2025).
                closed = [u for u in units if u.valid_to is not None]
                named = max(closed, key=_start) if closed else units[0]
                self.area_of.setdefault(row.ward_code, named.parent_id)
            if live:
                unit, code = live[0], ""
            elif units:
                latest = max(units, key=_start)
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

    def _check(self, row: Row):
        n = row.number
        if row.contract in self.seen_contracts:
            self.problem(n, self.col("contract"), "duplicate", row.contract)
        elif row.contract:
            self.seen_contracts.add(row.contract)
        if row.loan_date and row.loan_date > self.as_of:
            self.problem(n, self.col("loan_date"), "after_as_of", f"{row.loan_date:%d/%m/%Y}")
        ward = self._ward(row) if row.ward_code else None
        programme = self.programmes.get(row.programme_code) or self.programmes.get(
            bank_number(row.programme_code)
        )
        if row.as_of and row.as_of != self.as_of:
            self.problem(n, self.col("as_of"), "other_as_of", f"{row.as_of:%d/%m/%Y}")
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
        area = self.area_of.get(row.ward_code)
        if self.office is None and ward is not None and area:
            self.office = Office(code=self.office_code, name=row.office_name or self.office_code)
            self.office.area_id = area
        if self.office is None:
            self.problem(n, self.col("office_code"), "office_unknown", self.office_code)
        if row.group_code and row.group_code not in self.groups:
            if not (org_kind(row.org_name) or org_kind(row.org_code)):
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
            if code != household_code(row):
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
