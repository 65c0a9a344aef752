"""The interest calculator as a credit officer uses it: a loan typed as a form with rows of
instalments and payments, computed by the same engine and scenario reader as the console.

The worked examples, checked by hand (0.55 %/month, monthly rate ÷ 30 days):

* 50,000,000 đ disbursed 15/03/2024, 330,000 đ of interest paid 20/04/2024: on 20/05/2024,
  66 days × 50,000,000 × 0.55 % / 30 = 605,000 accrued, 275,000 still due.
* 30,000,000 đ disbursed 01/02/2025 in three yearly instalments; on 03/03/2025 (30 days) the
  borrower pays 165,000 of interest and 10,000,000 of principal; on 02/04/2025 (30 more days on
  20,000,000) 110,000 is due, 275,000 accrued in all.
"""

import datetime
import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policycredit.domain.scenario import run_scenario_text
from policycredit.programmes.models import Programme, ProgrammeTerms

pytestmark = pytest.mark.django_db
URL = "/credit/calculator/"


def typed(programme=None, *, instalments=(), payments=(), extra_rows=1, **fields):
    """The form as a browser posts it: the loan's fields, then each table's rows."""
    data = {
        "programme": programme or Programme.objects.get(code="HN").pk,
        "rate": "",
        "amount": "50.000.000",
        "disbursed_on": "15/03/2024",
        "as_of": "20/05/2024",
        "spread_count": "",
        "spread_months": "12",
        "action": "calculate",
        **fields,
    }
    for prefix, rows, names in (
        ("instalment", instalments, ["due", "principal"]),
        ("payment", payments, ["on", "principal", "interest"]),
    ):
        rows = [*rows, *[("",) * len(names)] * extra_rows]
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for n, row in enumerate(rows):
            for name, value in zip(names, row, strict=True):
                data[f"{prefix}-{n}-{name}"] = value
    return data


EXAMPLE_ROWS = {
    "instalments": [("15/03/2025", "25.000.000"), ("15/03/2026", "25.000.000")],
    "payments": [("20/04/2024", "0", "330.000")],
}


@pytest.fixture
def officer_client(client_as):
    return client_as("tindung")


def problems(reply) -> list[str]:
    return [error.code for error in reply.context["calculator"].problems]


def test_the_page_opens_with_the_worked_example_typed_in(officer_client):
    reply = officer_client.get(URL)
    assert reply.status_code == 200
    calculator = reply.context["calculator"]
    assert calculator.form["amount"].value() == "50.000.000"
    assert calculator.form["programme"].value() == Programme.objects.get(code="HN").pk
    assert [row["due"].value() for row in calculator.instalments.forms[:2]] == [
        "15/03/2025",
        "15/03/2026",
    ]
    assert calculator.payments.forms[0]["interest"].value() == "330.000"


def test_the_worked_example_typed_as_rows(officer_client):
    reply = officer_client.post(URL, typed(**EXAMPLE_ROWS))
    assert reply.status_code == 200 and not problems(reply)
    state = reply.context["state"]
    assert state.interest_accrued_total == 605_000
    assert state.interest_paid_total == 330_000
    assert state.interest_due == 275_000
    assert state.principal_outstanding == 50_000_000
    body = reply.content.decode()
    # The explanation table, as before: one segment of 66 days, exact interest grouped.
    assert "15/03/2024" in body and "20/05/2024" in body and "605.000" in body
    assert [(s.days, s.balance) for s in state.segments] == [(66, 50_000_000)]


def test_a_principal_repayment_and_a_spread_schedule(officer_client):
    reply = officer_client.post(
        URL,
        typed(
            amount="30.000.000",
            disbursed_on="01/02/2025",
            as_of="02/04/2025",
            spread_count="3",
            spread_months="12",
            payments=[("03/03/2025", "10.000.000", "165.000")],
        ),
    )
    assert not problems(reply)
    state = reply.context["state"]
    assert [(s.days, s.balance) for s in state.segments] == [(30, 30_000_000), (30, 20_000_000)]
    assert state.interest_accrued_total == 275_000
    assert state.interest_due == 110_000
    assert state.principal_outstanding == 20_000_000
    assert [(i.due, i.principal) for i in state.remaining_instalments] == [
        # The early repayment settled the first instalment: two remain.
        (datetime.date(2027, 2, 1), 10_000_000),
        (datetime.date(2028, 2, 1), 10_000_000),
    ]


def test_the_spread_button_fills_the_instalment_rows(officer_client):
    reply = officer_client.post(
        URL, typed(action="spread", amount="10.000.000", spread_count="3", spread_months="6")
    )
    rows = reply.context["calculator"].instalments.forms
    assert [(r["due"].value(), r["principal"].value()) for r in rows[:3]] == [
        ("15/09/2024", "3.333.333"),
        ("15/03/2025", "3.333.333"),
        ("15/09/2025", "3.333.334"),
    ]
    assert reply.context["state"] is None


def test_the_spread_button_without_a_number_of_instalments_is_refused_on_the_form(
    officer_client,
):
    reply = officer_client.post(URL, typed(action="spread", amount="10.000.000", spread_count=""))
    assert reply.status_code == 200
    codes = [e.code for e in reply.context["calculator"].form.non_field_errors().as_data()]
    assert codes == ["cannot_spread"]


def test_a_rate_typed_over_the_programmes(officer_client):
    # 0,66 %/month written the Vietnamese way: 66 days × 50,000,000 × 0.66 % / 30 = 726,000.
    reply = officer_client.post(URL, typed(rate="0,66", **EXAMPLE_ROWS))
    assert reply.context["state"].interest_accrued_total == 726_000
    assert reply.context["calculator"].scenario["rate_monthly_percent"] == "0.66"


def test_the_scenario_downloads_for_the_console_and_gives_the_same_answer(officer_client):
    reply = officer_client.post(URL, typed(action="json", **EXAMPLE_ROWS))
    assert reply["Content-Type"] == "application/json"
    assert "attachment" in reply["Content-Disposition"]
    scenario = json.loads(reply.content)
    assert scenario["rate_monthly_percent"] == "0.55" and scenario["day_basis"] == 30
    code, out = run_scenario_text(reply.content.decode())
    assert code == 0 and json.loads(out)["interest_due"] == 275_000


def test_more_rows_keeps_what_was_typed(officer_client):
    reply = officer_client.post(URL, typed(action="more", payments=[("20/04/2024", "", "x")]))
    rows = reply.context["calculator"].payments
    assert rows.forms[0]["interest"].value() == "x"  # kept as typed, refused only on Calculate
    assert len(rows.forms) == 1 + 3


@pytest.mark.parametrize(
    ("rows", "fields", "code", "row"),
    [
        ({"payments": [("01/03/2024", "0", "10.000")]}, {}, "before_disbursement", 1),
        ({"payments": [("21/05/2024", "0", "10.000")]}, {}, "after_as_of", 1),
        (
            {"payments": [("20/04/2024", "0", "330.000"), ("10/05/2024", "0", "300.000")]},
            {},
            "interest_overpaid",
            2,
        ),
        (
            {"payments": [("20/04/2024", "60.000.000", "0"), ("21/04/2024", "0", "1")]},
            {},
            "principal_overpaid",
            1,
        ),
        ({"payments": [("31/02/2024", "0", "10.000")]}, {}, "invalid", 1),
        ({"payments": [("20/04/2024", "0", "1O.000")]}, {}, "characters", 1),
        ({"payments": [("20/04/2024", "0", "0")]}, {}, "no_amount", 1),
        ({"instalments": [("15/03/2024", "50.000.000")]}, {}, "due_before_disbursement", 1),
        ({"instalments": [("15/03/2025", "-5")]}, {}, "negative", 1),
        ({"instalments": [("15/03/2025", "60.000.000")]}, {}, "schedule_mismatch", None),
        ({}, {}, "no_instalments", None),
    ],
)
def test_a_bad_row_is_refused_naming_it(officer_client, rows, fields, code, row):
    rows = {"instalments": EXAMPLE_ROWS["instalments"], **rows}
    if code in ("no_instalments",):
        rows["instalments"] = []
    reply = officer_client.post(URL, typed(**rows, **fields))
    assert reply.status_code == 200 and reply.context["state"] is None
    calculator = reply.context["calculator"]
    assert code in problems(reply)
    message = next(e for e in calculator.problems if e.code == code).messages[0]
    if row is not None:
        assert f" {row}" in message  # "Payment row 2: …", in the reader's language
        table = calculator.payments if "payments" in rows else calculator.instalments
        assert table.forms[row - 1].errors


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"as_of": "01/03/2024"}, "as_of", "before_disbursement"),
        ({"amount": "1.000,50"}, "amount", "decimals"),
        ({"disbursed_on": "2024-13-01"}, "disbursed_on", "invalid"),
        ({"rate": "5"}, "rate", "max_value"),
        ({"rate": "NaN"}, "rate", "invalid"),
        ({"programme": "=1+1"}, "programme", "invalid_choice"),
        ({"disbursed_on": "15/03/1989", "as_of": "20/05/1989"}, "disbursed_on", "early"),
    ],
)
def test_a_bad_field_is_refused_on_the_form(officer_client, fields, field, code):
    reply = officer_client.post(URL, typed(**EXAMPLE_ROWS, **fields))
    assert reply.status_code == 200 and reply.context["state"] is None
    assert code in [e.code for e in reply.context["form"].errors.as_data()[field]]


def test_a_programme_without_terms_on_the_day_is_refused(officer_client):
    terms = ProgrammeTerms.objects.order_by("valid_from").first()
    programme, first = terms.programme, terms.valid_from
    day = first - datetime.timedelta(days=30)
    reply = officer_client.post(
        URL,
        typed(
            programme.pk,
            disbursed_on=f"{day:%d/%m/%Y}",
            as_of=f"{first:%d/%m/%Y}",
            spread_count="1",
        ),
    )
    codes = [e.code for e in reply.context["form"].errors.as_data()["programme"]]
    assert codes == ["no_terms"]


def test_a_form_without_its_row_counts_is_refused_not_a_server_error(officer_client):
    data = {k: v for k, v in typed(**EXAMPLE_ROWS).items() if "FORMS" not in k}
    reply = officer_client.post(URL, data)
    assert reply.status_code == 200 and reply.context["state"] is None
    assert problems(reply)


def test_too_many_rows_are_refused_before_computing(officer_client):
    data = typed(**EXAMPLE_ROWS)
    data["payment-TOTAL_FORMS"] = "100000"
    reply = officer_client.post(URL, data)
    assert reply.status_code == 200 and reply.context["state"] is None


def test_the_console_scenario_still_opens_on_the_page(officer_client):
    from policycredit.domain.scenario import WORKED_EXAMPLE

    reply = officer_client.post(
        reverse("loans:calculator"), {"scenario": json.dumps(WORKED_EXAMPLE)}
    )
    assert reply.context["state"].interest_due == 275_000


payment_rows = st.lists(
    st.tuples(
        st.integers(min_value=-10, max_value=80),  # days after the disbursement
        st.integers(min_value=0, max_value=3).map(lambda n: n * 5_000_000),
        st.integers(min_value=0, max_value=400_000),
    ),
    max_size=4,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=payment_rows)
def test_the_page_answers_what_the_console_answers_or_names_a_row(officer_client, rows):
    """Whatever payments are typed, the page either shows the console's answer for the
    scenario it downloads, or refuses on a row it names; never a server error."""
    start = datetime.date(2024, 3, 15)
    payments = [
        ((start + datetime.timedelta(days=d)).strftime("%d/%m/%Y"), str(p), str(i))
        for d, p, i in rows
    ]
    data = typed(instalments=EXAMPLE_ROWS["instalments"], payments=payments)
    reply = officer_client.post(URL, data)
    assert reply.status_code == 200
    state = reply.context["state"]
    if state is None:
        assert problems(reply)
        return
    download = officer_client.post(URL, {**data, "action": "json"})
    code, out = run_scenario_text(download.content.decode())
    assert code == 0
    console = json.loads(out)
    assert console["interest_due"] == state.interest_due
    assert console["principal_outstanding"] == state.principal_outstanding


@pytest.mark.browser
def test_a_row_added_in_the_browser_is_computed(page, live_world):
    from policycredit.loans.tests.test_browser_loan import log_in

    base = live_world.url
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, base, "tindung")
    page.goto(f"{base}{URL}")
    page.get_by_test_id("calculator").locator("[data-add-row=payment]").click()
    rows = page.locator("#payment-rows tr[data-row], #payment-rows tr:not([data-row])")
    added = page.locator("#payment-rows tr").last
    added.locator("input[name$=-on]").fill("10/05/2024")
    added.locator("input[name$=-interest]").fill("150.000")
    assert rows.count() == 5  # the example's row, three empty ones and the one added
    page.get_by_test_id("calculate").click()
    # 605,000 accrued, 330,000 and 150,000 paid: 125,000 due.
    assert page.get_by_test_id("interest-due").inner_text().startswith("125.000")
