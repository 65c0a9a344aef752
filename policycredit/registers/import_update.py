"""A newer export of an office already imported: the bank's new figures are kept beside each
loan (`BankLoan`), what differs from PolicyCredit's books is listed (`Difference`), never written
over them, and a loan the bank no longer lists (or lists with nothing outstanding) is settled on
the export date through the loans' repayment service.

A mixin of the import (`services._Import`), whose state it reads.
"""

from policycredit.borrowers.models import Household, Person
from policycredit.common.services import save_record
from policycredit.domain.loan import state_at
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.loans.models import Loan
from policycredit.loans.selectors import histories_of
from policycredit.loans.services import collect_many
from policycredit.registers.models import BankLoan
from policycredit.registers.rows import Row

BANK_FIELDS = [
    "contract", "customer_code", "as_of", "due_date", "extended_due_date", "extensions",
    "freeze_expiry", "disbursed_total", "principal_repaid", "interest_repaid",
    "principal_in_term", "principal_overdue", "principal_frozen", "interest_unpaid",
    "interest_unpaid_overdue", "savings", "status", "decision", "investor", "fund_class",
]  # fmt: skip


class NewerExport:
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
            row.fund_class[:10],
        )

    def _bank_loan(self, bank: BankLoan, row: Row) -> BankLoan:
        for name, value in zip(BANK_FIELDS, self._bank_values(row), strict=True):
            setattr(bank, name, value)
        bank.run = self.run_row
        return bank

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

    def _settle_missing(self) -> None:
        """Loans of this office the newer export no longer lists (or lists with nothing
        outstanding): the bank collected them. Settled on the export date through the loans'
        repayment service, principal and the interest PolicyCredit says is due."""

        missing = [
            loan_id
            for contract, loan_id in BankLoan.objects.filter(
                office=self.office, loan__status__in=OPEN_STATUSES
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
                collect_many(actor=self.actor, entries=entries)
            self.outcome.settled += len(entries)
