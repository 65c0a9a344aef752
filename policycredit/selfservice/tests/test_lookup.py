"""No enumeration: whatever is wrong, the borrower gets the same page, status and message as
for a contract that does not exist, through the same queries; and every look-up is logged,
without the CCCD digits or the birth date typed."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from policycredit.borrowers.models import Person
from policycredit.common.selectors import replaying
from policycredit.selfservice import services, throttle
from policycredit.selfservice.models import Lookup, Outcome
from policycredit.selfservice.tests.conftest import TODAY, details

pytestmark = pytest.mark.django_db
UNKNOWN = "PGD-HBT-2026-999999"


def _wrong(loan) -> dict[str, dict]:
    right = details(loan)
    wrong_end = f"{(int(right['cccd_end']) + 1) % 10000:04d}"
    return {
        "unknown contract": {**right, "number": UNKNOWN},
        "wrong CCCD ending": {**right, "cccd_end": wrong_end},
        "wrong birth date": {**right, "birth_date": "01/01/1970"},
        "all wrong": {"number": UNKNOWN, "cccd_end": wrong_end, "birth_date": "01/01/1970"},
    }


def _page(response, number: str) -> str:
    """The body with what differs by request alone taken out: the CSRF token, the number
    typed (kept in the form for the borrower to correct)."""
    body = response.content.decode().replace(number, "NUMBER")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_every_wrong_combination_gets_the_unknown_contract_s_answer(loan, client):
    pages = {}
    for name, typed in _wrong(loan).items():
        response = client.post(
            reverse("selfservice:lookup"), typed, REMOTE_ADDR=f"10.0.0.{len(pages)}"
        )
        assert response.status_code == 200, name
        assert 'data-refusal="refused"' in response.content.decode(), name
        pages[name] = _page(response, typed["number"])
    assert len(set(pages.values())) == 1, "the wrong combinations' pages differ"
    # Neither detail typed is sent back.
    assert details(loan)["cccd_end"] not in pages["wrong birth date"]


@pytest.mark.parametrize("missing", ["cccd", "birth_date"])
def test_a_borrower_without_a_cccd_or_a_birth_date_gets_the_same_answer(loan, client, missing):
    typed = details(loan)
    Person.objects.filter(pk=loan.borrower_id).update(**{missing: None})
    response = client.post(reverse("selfservice:lookup"), typed)
    assert response.status_code == 200
    assert 'data-refusal="refused"' in response.content.decode()
    unknown = client.post(reverse("selfservice:lookup"), {**typed, "number": UNKNOWN})
    assert _page(response, typed["number"]) == _page(unknown, UNKNOWN)


def test_the_wrong_combinations_take_the_same_queries(loan):
    counts = {}
    for name, typed in _wrong(loan).items():
        with CaptureQueriesContext(connection) as queries:
            answer = services.look_up(
                number=typed["number"],
                cccd_end=typed["cccd_end"],
                birth_date=datetime.datetime.strptime(typed["birth_date"], "%d/%m/%Y").date(),
                address=f"10.1.0.{len(counts)}",
            )
        assert answer.outcome == Outcome.REFUSED
        counts[name] = [_shape(q["sql"]) for q in queries.captured_queries]
    assert len({tuple(c) for c in counts.values()}) == 1, counts


def _shape(sql: str) -> str:
    """A query without its values (nor the savepoints' names): the same statement whatever
    was typed. A loan or none is a value too."""
    sql = re.sub(r'"s\d+_x\d+"', "SAVEPOINT", sql)
    return re.sub(r"'[^']*'|\b\d+\b|\bNULL\b", "?", sql)


def test_every_look_up_is_logged_and_nothing_typed_is_kept_in_clear(loan, client):
    typed = details(loan)
    with replaying(TODAY):
        client.post(reverse("selfservice:lookup"), {**typed, "cccd_end": "0000"})
        client.post(reverse("selfservice:lookup"), {**typed, "number": UNKNOWN})
        client.post(reverse("selfservice:lookup"), typed, REMOTE_ADDR="10.9.8.7")
    rows = list(Lookup.objects.order_by("id"))
    assert [r.outcome for r in rows] == [Outcome.REFUSED, Outcome.REFUSED, Outcome.FOUND]
    # The loan is kept whenever the number names one (the office sees the refused tries).
    assert [r.loan_id for r in rows] == [loan.pk, None, loan.pk]
    assert rows[2].address == "10.9.8.7"
    assert rows[1].number_key == throttle.number_key(UNKNOWN)
    stored = str(list(Lookup.objects.values()))
    for secret in (typed["cccd_end"], loan.borrower.birth_date.isoformat(), UNKNOWN):
        assert secret not in stored


def test_a_number_typed_in_small_letters_with_spaces_is_found(loan, client):
    typed = {**details(loan), "number": f"  {loan.number.lower().replace('-', ' - ')} "}
    with replaying(TODAY):
        response = client.post(reverse("selfservice:lookup"), typed)
    assert 'data-page="position"' in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"cccd_end": "12a4"}, "cccd_end"),
        ({"cccd_end": "123"}, "cccd_end"),
        ({"cccd_end": "١٢٣٤"}, "cccd_end"),
        ({"birth_date": "31/02/1980"}, "birth_date"),
        ({"birth_date": "01/01/1850"}, "birth_date"),
        ({"number": "<script>"}, "number"),
    ],
)
def test_what_cannot_be_read_is_said_and_nothing_is_looked_up(loan, client, typed, field):
    response = client.post(reverse("selfservice:lookup"), {**details(loan), **typed})
    assert response.status_code == 200
    assert f'data-field-error="{field}"' in response.content.decode()
    assert not Lookup.objects.exists()


def test_a_birth_date_typed_as_eight_digits_is_read(loan, client):
    typed = details(loan)
    typed["birth_date"] = typed["birth_date"].replace("/", "")
    with replaying(TODAY):
        response = client.post(reverse("selfservice:lookup"), typed)
    assert 'data-page="position"' in response.content.decode()
