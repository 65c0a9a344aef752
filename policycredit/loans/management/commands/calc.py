import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policycredit.common.dates import day_option
from policycredit.domain.loan import LoanRuleError
from policycredit.domain.scenario import run_scenario_text, state_to_json
from policycredit.loans.models import Loan
from policycredit.loans.selectors import loan_state


class Command(BaseCommand):
    help = (
        "Interest and balances of a loan, with every stretch of constant balance: "
        "`calc SCENARIO.json` for a hypothetical loan, `calc --loan NUMBER --as-of DATE` for a "
        "real one. Prints JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("scenario", nargs="?", help="a scenario file (JSON)")
        parser.add_argument("--loan", help="a loan's contract number")
        parser.add_argument("--as-of", help="the date, YYYY-MM-DD or DD/MM/YYYY")

    def handle(self, *args, scenario=None, loan=None, as_of=None, **options):
        if scenario and loan:
            raise CommandError("give either a scenario file or --loan, not both")
        if scenario:
            try:
                text = Path(scenario).read_text(encoding="utf-8")
            except OSError as error:
                raise CommandError(f"cannot read {scenario}: {error.strerror}") from None
            code, output = run_scenario_text(text)
            if code != 0:
                raise CommandError(output.removeprefix("error: "), returncode=code)
            self.stdout.write(output)
            return
        if not loan or not as_of:
            raise CommandError("give a scenario file, or --loan NUMBER with --as-of DATE")
        self.stdout.write(
            json.dumps(loan_json(loan, day_option(as_of)), ensure_ascii=False, indent=2)
        )


def loan_json(number: str, as_of: datetime.date) -> dict:

    loan = Loan.objects.filter(number=number).first()
    if loan is None:
        raise CommandError(f"no loan with contract number {number}")
    try:
        state = loan_state(loan, as_of)
    except LoanRuleError as error:
        raise CommandError(error.message) from None
    return {"loan": loan.number, "as_of": as_of.isoformat(), **state_to_json(state)}
