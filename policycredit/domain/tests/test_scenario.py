"""Scenario files for ``policycredit calc``: the worked example in, its numbers out; bad input
gives one line and a non-zero exit code, never a traceback."""

import json

import pytest

from policycredit.domain.loan import LoanRuleError
from policycredit.domain.scenario import WORKED_EXAMPLE, parse_scenario, run_scenario_text

WORKED = WORKED_EXAMPLE


def run(data) -> tuple[int, str]:
    return run_scenario_text(data if isinstance(data, str) else json.dumps(data))


def test_the_worked_example_from_the_issue():
    code, output = run(WORKED)
    assert code == 0
    result = json.loads(output)
    assert result["principal_outstanding"] == 50_000_000
    assert result["principal_overdue"] == 0
    assert result["principal_frozen"] == 0
    assert result["interest_accrued_total"] == 605_000
    assert result["interest_paid_total"] == 330_000
    assert result["interest_due"] == 275_000
    assert result["overdue_since"] is None
    assert result["segments"] == [
        {
            "start": "2024-03-15",
            "end": "2024-05-20",
            "days": 66,
            "balance": 50_000_000,
            "kind": "in_term",
            "rate": "0.55",
            "interest": "605000",
        }
    ]


def test_overdue_output_with_exact_interest_as_text():
    data = {
        "rate_monthly_percent": "0.55",
        "disbursements": [{"date": "2024-01-10", "amount": 10000000}],
        "instalments": [
            {"due": "2024-03-10", "principal": 4000000},
            {"due": "2024-07-10", "principal": 6000000},
        ],
        "as_of": "2024-04-10",
    }
    code, output = run(data)
    result = json.loads(output)
    assert code == 0
    assert result["overdue_since"] == "2024-03-11"
    assert result["principal_overdue"] == 4_000_000
    assert result["interest_due"] == 173_433
    assert result["interest_accrued_exact"] == "173433.333333333333"
    assert [s["rate"] for s in result["segments"]] == ["0.55", "0.55", "0.715"]
    assert result["segments"][0]["interest"] == "111833.333333333333"


def test_freezes_and_write_offs_can_be_given():
    data = {
        **WORKED,
        "payments": [],
        "freezes": [
            {
                "start": "2024-04-14",
                "end": "2025-04-14",
                "instalments": [{"due": "2026-04-14", "principal": 50000000}],
            }
        ],
        "write_offs": [{"date": "2024-05-01", "interest": 75000}],
        "as_of": "2025-05-14",
    }
    code, output = run(data)
    result = json.loads(output)
    assert code == 0, output
    assert result["interest_accrued_total"] == 550_000
    assert result["interest_written_off"] == 75_000
    assert result["interest_due"] == 475_000
    assert result["remaining_instalments"] == [{"due": "2026-04-14", "principal": 50_000_000}]


def test_a_rate_written_as_a_json_number_is_read_exactly():
    code, output = run(json.dumps(WORKED).replace('"0.55"', "0.55"))
    assert code == 0
    assert json.loads(output)["interest_due"] == 275_000


def test_output_keeps_vietnamese_and_is_indented():
    code, output = run({**WORKED, "description": "Hộ nghèo, phường Bạch Đằng"})
    assert code == 0
    assert output.startswith("{\n  ")


@pytest.mark.parametrize(
    ("text", "expected_code", "message"),
    [
        ("{not json", 2, "error: not valid JSON: "),
        ("[]", 2, "error: scenario must be an object"),
        (
            json.dumps({k: v for k, v in WORKED.items() if k != "as_of"}),
            2,
            "error: scenario: missing key 'as_of'",
        ),
        (
            json.dumps({**WORKED, "payment": []}),
            2,
            "error: scenario: unknown key 'payment'",
        ),
        (
            json.dumps({**WORKED, "as_of": "20/05/2024"}),
            2,
            "error: as_of: '20/05/2024' is not a date (YYYY-MM-DD)",
        ),
        (
            json.dumps({**WORKED, "as_of": "2024-02-30"}),
            2,
            "error: as_of: '2024-02-30' is not a date (YYYY-MM-DD)",
        ),
        (
            json.dumps(WORKED).replace("50000000}", "50000000.0}"),
            2,
            "error: disbursements[0].amount: Decimal('50000000.0') is not a whole number",
        ),
        (
            json.dumps({**WORKED, "payments": [{"date": "2024-04-20", "interest": "330000"}]}),
            2,
            "error: payments[0].interest: '330000' is not a whole number of đồng",
        ),
        (json.dumps({**WORKED, "day_basis": 360}), 2, "error: day_basis: 360 must be 30 or 365"),
        (json.dumps({**WORKED, "rate_monthly_percent": "abc"}), 2, "error: rate_monthly_percent"),
        (json.dumps(WORKED).replace("330000", "NaN"), 2, "error: NaN is not a number"),
        (
            json.dumps(WORKED).replace("330000", "400000"),
            1,
            "error: payment on 2024-04-20 pays 400,000 interest but only 330,000 is due",
        ),
        (
            json.dumps({**WORKED, "payments": [{"date": "2024-04-20", "principal": -1}]}),
            1,
            "error: payment on 2024-04-20: principal must be positive, got -1",
        ),
    ],
)
def test_bad_scenarios_give_one_line_and_a_non_zero_exit(text, expected_code, message):
    code, output = run_scenario_text(text)
    assert code == expected_code
    assert output.startswith(message)
    assert "\n" not in output and "Traceback" not in output


def test_parse_scenario_refuses_a_float_rate():
    with pytest.raises(LoanRuleError) as caught:
        parse_scenario({**WORKED, "rate_monthly_percent": 0.55})
    assert caught.value.code == "bad_scenario"
    assert "not a float" in caught.value.message


def test_parse_scenario_defaults():
    history, as_of = parse_scenario(
        {
            "rate_monthly_percent": "0.66",
            "disbursements": [{"date": "2024-03-15", "amount": 1000}],
            "payments": [{"date": "2024-03-16", "principal": 1}],
            "as_of": "2024-03-20",
        }
    )
    assert history.terms.day_basis == 30
    assert str(history.terms.overdue_factor) == "1.3"
    assert history.payments[0].interest == 0
    assert history.instalments == ()
