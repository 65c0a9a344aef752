"""What a borrower sees after a look-up is the engine's figures, checked by hand (conftest's
story): on 10/06/2026 he owes 28,000,000 đ, none of it overdue; the interest due is

    round(31 × 5,500 + 56 × 28,000,000 × 0.55 % ÷ 30) − 170,500
    = round(170,500 + 287,466.67) − 170,500 = 287,467 đ;

the point's next session is Sunday 05/07/2026 (its fixed day, the 5th, held on a weekend too),
when the interest due is 170,500 + 81 × 5,133.33… = 586,300, less 170,500 paid: 415,800 đ, and
no principal falls due; the next instalment is the 13,000,000 đ left of 15/03/2027's.
"""

import re

import pytest
from django.urls import reverse

from policycredit.accounts.models import User
from policycredit.calendar.selectors import next_transaction_day
from policycredit.common.selectors import replaying
from policycredit.loans.selectors import loan_state
from policycredit.selfservice import selectors
from policycredit.selfservice.tests.conftest import TODAY, D, details, lend
from policycredit.transactiondays.selectors import leader_sheet

pytestmark = pytest.mark.django_db


def field(response, name: str) -> str:
    found = re.search(rf'data-field="{name}"[^>]*>(.*?)</dd>', response.content.decode(), re.S)
    assert found, name
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_position_is_the_engines_and_checks_by_hand(loan):
    position = selectors.position(selectors.loan_for_lookup(loan.pk), TODAY)
    state = position.state
    assert state.principal_outstanding == 28_000_000
    assert state.principal_overdue == 0
    assert state.interest_due == 287_467
    assert (state.next_due.due, state.next_due.principal) == (D(2027, 3, 15), 13_000_000)
    assert position.next_day == D(2026, 7, 5)
    assert position.next_day == next_transaction_day(loan.group.transaction_point, TODAY)
    line = position.at_next_day
    assert (line.interest_due, line.principal_due, line.total_due) == (415_800, 0, 415_800)
    # The same as the loan's page (the engine) and the leader's paper for that day.
    assert state == loan_state(loan, TODAY)
    sheet = leader_sheet(User.objects.get(username="totruong"), loan.group, TODAY)
    (on_sheet,) = [x for m in sheet.members for x in m.loans if x.loan.pk == loan.pk]
    assert (on_sheet.interest_due, on_sheet.principal_due) == (415_800, 0)


def test_the_page_shows_those_figures(loan, client):
    with replaying(TODAY):
        response = client.post(reverse("selfservice:lookup"), details(loan))
    assert response.status_code == 200
    assert 'data-page="position"' in response.content.decode()
    assert field(response, "number") == loan.number
    assert field(response, "outstanding") == "28.000.000 đ"
    assert field(response, "overdue") == "0 đ"
    assert field(response, "interest_now") == "287.467 đ"
    assert field(response, "next_due") == "15/03/2027"
    assert field(response, "next_principal") == "13.000.000 đ"
    assert field(response, "next_day").endswith("05/07/2026")
    assert field(response, "point") == loan.group.transaction_point.name
    assert field(response, "interest_next") == "415.800 đ"
    assert field(response, "total_next") == "415.800 đ"
    # Nothing the browser or a proxy keeps, and no script but our file.
    cache = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.content.decode())


def test_the_household_s_other_open_loans_are_named(loan, client):
    other = lend(amount=10_000_000, household=loan.household)
    with replaying(TODAY):
        response = client.post(reverse("selfservice:lookup"), details(loan))
    assert f'data-other="{other.number}"' in response.content.decode()
    assert f'data-other="{loan.number}"' not in response.content.decode()


def test_the_page_is_english_for_whoever_chose_english(loan, client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("selfservice:lookup"))
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
