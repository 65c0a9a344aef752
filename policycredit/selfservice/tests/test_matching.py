"""The rules of a match, without a database: the typed details match only the borrower's own
(the CCCD's last digits and the birth date), a borrower with either unrecorded matches nothing,
and a contract number is found however its capitals, spaces and dashes were typed."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from policycredit.borrowers.models import Person
from policycredit.loans.models import Loan
from policycredit.selfservice import throttle
from policycredit.selfservice.services import _matches

CCCD = "001083000384"
BORN = datetime.date(1983, 4, 16)
ends = st.text(alphabet="0123456789", min_size=4, max_size=4)
days = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2026, 12, 31))


def loan_of(cccd, born) -> Loan:
    return Loan(number="PGD-HBT-2026-000001", borrower=Person(cccd=cccd, birth_date=born))


def test_the_borrower_s_own_details_match():
    assert _matches(loan_of(CCCD, BORN), "0384", BORN)


@given(end=ends, day=days)
def test_anything_else_does_not(end, day):
    expected = end == "0384" and day == BORN
    assert _matches(loan_of(CCCD, BORN), end, day) is expected


@given(end=ends, day=days)
def test_a_borrower_without_a_cccd_or_a_birth_date_matches_nothing(end, day):
    assert not _matches(loan_of(None, BORN), end, day)
    assert not _matches(loan_of(CCCD, None), end, day)
    assert not _matches(None, end, day)


@given(
    spaces=st.lists(st.sampled_from(["", " ", "  ", "\t"]), min_size=20, max_size=20),
    dash=st.sampled_from(["-", "–", "—", "‑"]),
    lower=st.booleans(),
)
def test_a_number_is_read_whatever_its_capitals_spaces_and_dashes(spaces, dash, lower):
    number = "PGD-HBT-2026-000001"
    typed = "".join(s + c for s, c in zip(spaces, number.replace("-", dash), strict=False))
    typed = typed.lower() if lower else typed
    assert throttle.normalised_number(typed) == number
    assert throttle.normalised_number(throttle.normalised_number(typed)) == number
