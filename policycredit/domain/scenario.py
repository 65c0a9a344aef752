"""Scenario files for ``policycredit calc SCENARIO.json``: a loan history in, its state out.

A scenario is the smallest way to ask the engine a question and to check its answer by hand::

    {"rate_monthly_percent": "0.55", "overdue_factor": "1.3", "day_basis": 30,
     "disbursements": [{"date": "2024-03-15", "amount": 50000000}],
     "instalments": [{"due": "2025-03-15", "principal": 25000000}],
     "payments": [{"date": "2024-04-20", "interest": 330000, "principal": 0}],
     "freezes": [{"start": "2024-06-01", "end": "2025-06-01", "amount": 10000000,
                  "instalments": [{"due": "2025-12-01", "principal": 10000000}]}],
     "write_offs": [{"date": "2024-07-01", "principal": 0, "interest": 1000}],
     "as_of": "2024-05-20"}

Input is read strictly, because a scenario is evidence: amounts must be JSON integers (no
``50000000.0``), rates a decimal string or a JSON number read as an exact decimal (never through
float), dates ``YYYY-MM-DD``, and an unknown key is an error rather than a silently ignored typo.
Any problem comes back as one line starting with ``error:`` and a non-zero exit code (1: the
history breaks a loan rule; 2: the file is malformed), never as a traceback.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal, InvalidOperation

from policycredit.domain.engine import LoanState, state_at
from policycredit.domain.errors import LoanRuleError
from policycredit.domain.history import (
    Disbursement,
    Freeze,
    Instalment,
    LoanHistory,
    Payment,
    Terms,
    WriteOff,
)

__all__ = [
    "ScenarioError",
    "decimal_text",
    "parse_scenario",
    "read_scenario_text",
    "run_scenario_text",
    "state_to_json",
]

EXIT_OK, EXIT_RULE, EXIT_MALFORMED = 0, 1, 2

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TOP_KEYS = {
    "rate_monthly_percent",
    "overdue_factor",
    "day_basis",
    "disbursements",
    "instalments",
    "payments",
    "freezes",
    "write_offs",
    "as_of",
    "description",
}


# The worked example: 50,000,000 đ at 0.55 %/month from 15/03/2024, 330,000 interest
# paid on 20/04/2024; on 20/05/2024 275,000 is due. The calculator page opens with it.
WORKED_EXAMPLE = {
    "rate_monthly_percent": "0.55",
    "overdue_factor": "1.3",
    "day_basis": 30,
    "disbursements": [{"date": "2024-03-15", "amount": 50000000}],
    "instalments": [
        {"due": "2025-03-15", "principal": 25000000},
        {"due": "2026-03-15", "principal": 25000000},
    ],
    "payments": [{"date": "2024-04-20", "interest": 330000, "principal": 0}],
    "as_of": "2024-05-20",
}


class ScenarioError(LoanRuleError):
    """A malformed scenario (code "bad_scenario"), with what is wrong as a stable `problem`
    and its `params` (where: the key's path; value: what was there, as written in JSON), so a
    screen can say it in the reader's language; `message` is the command's English line."""

    # Problems, each with the params its message uses
    NOT_JSON = "not_json"  # line, column
    NOT_A_SCENARIO = "not_a_scenario"  # nothing: the JSON is not an object at all
    NOT_AN_OBJECT = "not_an_object"  # where
    NOT_A_LIST = "not_a_list"  # where
    MISSING_KEY = "missing_key"  # where, key
    UNKNOWN_KEY = "unknown_key"  # where, key
    NOT_A_DATE = "not_a_date"  # where, value
    NOT_AN_AMOUNT = "not_an_amount"  # where, value
    FLOAT_RATE = "float_rate"  # where
    NOT_A_DECIMAL = "not_a_decimal"  # where, value
    NOT_A_NUMBER = "not_a_number"  # value: NaN or Infinity, which JSON has not
    BAD_DAY_BASIS = "bad_day_basis"  # value
    UNREADABLE = "unreadable"  # nothing: something no check above foresaw

    def __init__(self, problem: str, message: str, **params: str) -> None:
        super().__init__(LoanRuleError.BAD_SCENARIO, message)
        self.problem = problem
        self.params = params


def _bad(problem: str, message: str, **params: object) -> ScenarioError:
    return ScenarioError(problem, message, **{k: str(v) for k, v in params.items()})


def _shown(value: object) -> str:
    """A value as the scenario's JSON writes it, cut short."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _object(value: object, where: str, required: set[str], optional: set[str]) -> dict:
    if not isinstance(value, dict):
        raise _bad(ScenarioError.NOT_AN_OBJECT, f"{where} must be an object", where=where)
    missing = sorted(required - value.keys())
    if missing:
        raise _bad(
            ScenarioError.MISSING_KEY,
            f"{where}: missing key {missing[0]!r}",
            where=where,
            key=missing[0],
        )
    unknown = sorted(value.keys() - required - optional)
    if unknown:
        raise _bad(
            ScenarioError.UNKNOWN_KEY,
            f"{where}: unknown key {unknown[0]!r}",
            where=where,
            key=_shown(unknown[0]),
        )
    return value


def _date(value: object, where: str) -> datetime.date:
    problem = _bad(
        ScenarioError.NOT_A_DATE,
        f"{where}: {value!r} is not a date (YYYY-MM-DD)",
        where=where,
        value=_shown(value),
    )
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise problem
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise problem from None


def _amount(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(
            ScenarioError.NOT_AN_AMOUNT,
            f"{where}: {value!r} is not a whole number of đồng (write it as an integer)",
            where=where,
            value=_shown(value),
        )
    return value


def _decimal(value: object, where: str) -> Decimal:
    if isinstance(value, float):
        raise _bad(
            ScenarioError.FLOAT_RATE,
            f'{where}: give the rate as a decimal string such as "0.55", not a float',
            where=where,
        )
    problem = _bad(
        ScenarioError.NOT_A_DECIMAL,
        f"{where}: {value!r} is not a decimal number",
        where=where,
        value=_shown(value),
    )
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise problem
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise problem from None
    if not number.is_finite():
        raise problem
    return number


def _list(data: dict, key: str, where: str | None = None) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise _bad(ScenarioError.NOT_A_LIST, f"{where or key} must be a list", where=where or key)
    return value


def _instalments(items: list, where: str) -> tuple[Instalment, ...]:
    result = []
    for index, item in enumerate(items):
        at = f"{where}[{index}]"
        item = _object(item, at, {"due", "principal"}, set())
        due = _date(item["due"], f"{at}.due")
        result.append(Instalment(due, _amount(item["principal"], f"{at}.principal")))
    return tuple(result)


def parse_scenario(data: dict) -> tuple[LoanHistory, datetime.date]:
    """The history and as_of date a scenario describes.

    Raises LoanRuleError with code "bad_scenario" and a message naming the key for malformed
    input; rule checks (amounts positive, payments not beyond what is owed) are the engine's.
    """
    if not isinstance(data, dict):
        raise _bad(ScenarioError.NOT_A_SCENARIO, "scenario must be an object")
    data = _object(data, "scenario", {"rate_monthly_percent", "disbursements", "as_of"}, _TOP_KEYS)
    day_basis = data.get("day_basis", 30)
    if isinstance(day_basis, bool) or day_basis not in (30, 365):
        raise _bad(
            ScenarioError.BAD_DAY_BASIS,
            f"day_basis: {day_basis!r} must be 30 or 365",
            value=_shown(day_basis),
        )
    terms = Terms(
        monthly_rate=_decimal(data["rate_monthly_percent"], "rate_monthly_percent"),
        overdue_factor=_decimal(data.get("overdue_factor", "1.3"), "overdue_factor"),
        day_basis=day_basis,
    )
    disbursements = []
    for index, item in enumerate(_list(data, "disbursements")):
        at = f"disbursements[{index}]"
        item = _object(item, at, {"date", "amount"}, set())
        disbursements.append(
            Disbursement(_date(item["date"], f"{at}.date"), _amount(item["amount"], f"{at}.amount"))
        )
    payments = []
    for index, item in enumerate(_list(data, "payments")):
        at = f"payments[{index}]"
        item = _object(item, at, {"date"}, {"interest", "principal"})
        payments.append(
            Payment(
                _date(item["date"], f"{at}.date"),
                interest=_amount(item.get("interest", 0), f"{at}.interest"),
                principal=_amount(item.get("principal", 0), f"{at}.principal"),
            )
        )
    freezes = []
    for index, item in enumerate(_list(data, "freezes")):
        at = f"freezes[{index}]"
        item = _object(item, at, {"start"}, {"end", "amount", "instalments"})
        end, amount = item.get("end"), item.get("amount")
        freezes.append(
            Freeze(
                start=_date(item["start"], f"{at}.start"),
                end=None if end is None else _date(end, f"{at}.end"),
                amount=None if amount is None else _amount(amount, f"{at}.amount"),
                instalments=_instalments(
                    _list(item, "instalments", f"{at}.instalments"), f"{at}.instalments"
                ),
            )
        )
    write_offs = []
    for index, item in enumerate(_list(data, "write_offs")):
        at = f"write_offs[{index}]"
        item = _object(item, at, {"date"}, {"interest", "principal"})
        write_offs.append(
            WriteOff(
                _date(item["date"], f"{at}.date"),
                principal=_amount(item.get("principal", 0), f"{at}.principal"),
                interest=_amount(item.get("interest", 0), f"{at}.interest"),
            )
        )
    history = LoanHistory(
        terms=terms,
        disbursements=tuple(disbursements),
        instalments=_instalments(_list(data, "instalments"), "instalments"),
        payments=tuple(payments),
        freezes=tuple(freezes),
        write_offs=tuple(write_offs),
    )
    return history, _date(data["as_of"], "as_of")


def decimal_text(value: Decimal) -> str:
    """Plain notation without trailing zeros: 605000.00 -> "605000", 0.7150 -> "0.715"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _instalment_json(item: Instalment) -> dict:
    return {"due": item.due.isoformat(), "principal": item.principal}


def state_to_json(state: LoanState) -> dict:
    """The state as JSON-ready values: dates ISO, amounts integers, exact values as strings."""
    return {
        "as_of": state.as_of.isoformat(),
        "disbursed_total": state.disbursed_total,
        "principal_outstanding": state.principal_outstanding,
        "principal_in_term": state.principal_in_term,
        "principal_overdue": state.principal_overdue,
        "principal_frozen": state.principal_frozen,
        "principal_repaid_total": state.principal_repaid_total,
        "principal_written_off": state.principal_written_off,
        "interest_accrued_exact": decimal_text(state.interest_accrued_exact),
        "interest_accrued_total": state.interest_accrued_total,
        "interest_paid_total": state.interest_paid_total,
        "interest_written_off": state.interest_written_off,
        "interest_due": state.interest_due,
        **(
            {
                "interest_opening": state.interest_opening,
                "interest_opening_overdue": state.interest_opening_overdue,
            }
            if state.interest_opening
            else {}
        ),
        "overdue_since": state.overdue_since.isoformat() if state.overdue_since else None,
        "next_due": _instalment_json(state.next_due) if state.next_due else None,
        "remaining_instalments": [_instalment_json(i) for i in state.remaining_instalments],
        "segments": [
            {
                "start": segment.start.isoformat(),
                "end": segment.end.isoformat(),
                "days": segment.days,
                "balance": segment.balance,
                "kind": segment.kind,
                "rate": decimal_text(segment.rate),
                "interest": decimal_text(segment.interest),
            }
            for segment in state.segments
        ],
    }


def _no_constants(name: str) -> None:
    raise _bad(ScenarioError.NOT_A_NUMBER, f"{name} is not a number", value=name)


def read_scenario_text(text: str) -> LoanState:
    """The state a scenario's JSON text describes. Raises ScenarioError for a malformed
    scenario and LoanRuleError (with the rule's code) for a history that breaks a rule."""
    try:
        try:
            data = json.loads(text, parse_float=Decimal, parse_constant=_no_constants)
        except json.JSONDecodeError as error:
            raise _bad(
                ScenarioError.NOT_JSON,
                f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
                line=error.lineno,
                column=error.colno,
            ) from None
        history, as_of = parse_scenario(data)
        return state_at(history, as_of)
    except LoanRuleError:
        raise
    except Exception as error:  # noqa: BLE001 - e.g. JSON nested beyond Python's recursion
        raise _bad(ScenarioError.UNREADABLE, f"cannot read the scenario: {error}") from error


def run_scenario_text(text: str) -> tuple[int, str]:
    """(exit code, output): 0 and pretty JSON, or non-zero and one line starting "error:"."""
    try:
        state = read_scenario_text(text)
        return EXIT_OK, json.dumps(state_to_json(state), ensure_ascii=False, indent=2)
    except LoanRuleError as error:
        code = EXIT_MALFORMED if error.code == LoanRuleError.BAD_SCENARIO else EXIT_RULE
        return code, _one_line(f"error: {error.message}")


def _one_line(text: str) -> str:
    return " ".join(text.split())
