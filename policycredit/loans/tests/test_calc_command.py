"""`policycredit calc`: the issue's worked example, a real loan, and bad scenarios."""

import datetime
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from policycredit.domain.scenario import WORKED_EXAMPLE
from policycredit.loans.tests.test_loan_life import disburse_worked_example

EXAMPLE = WORKED_EXAMPLE


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policycredit", "calc", *args],
        capture_output=True,
        text=True,
        env={"POLICYCREDIT_MODE": "demo", "PATH": "/usr/bin:/bin"},
    )


def test_the_worked_example_from_the_console(tmp_path):
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(EXAMPLE))
    result = run_cli(str(scenario))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["interest_due"] == 275_000
    assert out["interest_accrued_total"] == 605_000
    assert out["interest_paid_total"] == 330_000
    assert out["principal_outstanding"] == 50_000_000
    assert out["overdue_since"] is None
    assert [(s["start"], s["end"], s["days"], s["balance"]) for s in out["segments"]] == [
        ("2024-03-15", "2024-05-20", 66, 50_000_000)
    ]


@pytest.mark.parametrize(
    "change, words",
    [
        ({"payments": [{"date": "2024-04-20", "interest": 330001}]}, "interest"),
        ({"payments": [{"date": "2024-04-20", "principal": 60000000}]}, "principal"),
        ({"disbursements": [{"date": "2024-03-15", "amount": -5}]}, "positive"),
        ({"payments": [{"date": "2024-03-01", "interest": 1}]}, "before"),
        ({"instalments": [{"due": "2024-03-01", "principal": 50000000}]}, "before"),
    ],
)
def test_bad_scenarios_exit_non_zero_with_one_line(tmp_path, change, words):
    scenario = tmp_path / "bad.json"
    scenario.write_text(json.dumps({**EXAMPLE, **change}))
    result = run_cli(str(scenario))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert words in lines[0].lower()


def test_malformed_json_is_one_line_too(tmp_path):
    scenario = tmp_path / "bad.json"
    scenario.write_text("{oops")
    result = run_cli(str(scenario))
    assert result.returncode != 0 and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.django_db
def test_a_real_loan_gives_the_same_figures_as_the_scenario(approved, central, teller, capsys):
    from policycredit.loans import services

    loan = disburse_worked_example(approved, central, teller)
    services.repay(actor=teller, loan=loan, on=datetime.date(2024, 4, 20), interest=330_000)
    call_command("calc", "--loan", loan.number, "--as-of", "20/05/2024")
    out = json.loads(capsys.readouterr().out)
    assert out["loan"] == loan.number
    assert out["interest_due"] == 275_000
    with pytest.raises(CommandError):
        call_command("calc", "--loan", "NO-SUCH", "--as-of", "2024-05-20")


@pytest.mark.django_db
def test_the_calculator_page_shows_the_worked_example(client_as):
    client = client_as("giaodich")
    page = client.post("/credit/calculator/", {"scenario": json.dumps(EXAMPLE)})
    assert page.status_code == 200
    body = page.content.decode()
    assert "275.000 đ" in body
    # The explanation row, as a person reads it: dates day first, the exact interest grouped.
    assert "15/03/2024" in body and "20/05/2024" in body and "605.000" in body
    bad = client.post("/credit/calculator/", {"scenario": "{oops"})
    assert "JSON" in bad.content.decode()
