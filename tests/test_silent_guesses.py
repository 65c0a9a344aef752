"""No silent guesses (issue 19): a choice in a page's address that cannot be read, or that
names a unit outside the user's area, is refused with a message naming the parameter and
what it held. The page is never shown for today, the default base year or the user's own
ward instead, and never answers with a server error."""

import datetime
import html

import pytest

from policycredit.common import query
from policycredit.common.forms import shown
from policycredit.loans.tests.conftest import (  # noqa: F401 (fixtures)
    approved,
    central,
    director,
    officer,
    poor_household,
    teller,
)
from policycredit.transactiondays.tests.conftest import day, loan_at_point  # noqa: F401
from tests.helpers import vi

pytestmark = pytest.mark.django_db


def _refused(response, key: str, value: str, status: int = 400) -> str:
    body = html.unescape(response.content.decode())
    assert response.status_code == status, body[:500]
    assert key in body and value in body, "the refusal must name the parameter and its value"
    assert 'lang="vi"' in body
    return body


# -- the silent guesses the issue saw ----------------------------------------------------------


@pytest.mark.parametrize("typed", ["32/13/2024", "31/02/2026", "hom nay"])
@pytest.mark.parametrize("page", ["/reports/dashboard/", "/reports/directive40/"])
def test_a_report_date_that_is_no_date_is_refused_not_read_as_today(client_as, page, typed):
    body = _refused(client_as("giamdoc").get(page, {"as_of": typed}), "as_of", typed)
    assert vi("Enter a valid date.") in body


def test_a_base_year_that_is_no_number_is_refused_not_reset(client_as):
    reply = client_as("giamdoc").get("/reports/directive40/", {"from_year": "abc"})
    _refused(reply, "from_year", "abc")


def test_a_base_year_after_the_report_date_is_refused_not_moved_back(client_as):
    reply = client_as("giamdoc").get(
        "/reports/directive40/", {"as_of": "31/12/2024", "from_year": "2030"}
    )
    _refused(reply, "from_year", "2030")


def test_a_base_year_up_to_the_report_date_is_taken(client_as):
    reply = client_as("giamdoc").get(
        "/reports/directive40/", {"as_of": "31/12/2024", "from_year": "2024"}
    )
    assert reply.status_code == 200
    # The default base year is not the person's: a report before it is not refused for it.
    early = client_as("giamdoc").get("/reports/directive40/", {"as_of": "31/12/2012"})
    assert early.status_code == 200
    assert client_as("giamdoc").get("/books/capital/", {"as_of": "31/12/2012"}).status_code == 200


def test_a_ward_outside_the_officers_own_is_refused_not_replaced_by_it(client_as, user):
    ward_officer, other = user("phuong.vinhtuy"), user("phuong.bachmai")
    assert ward_officer.unit_id != other.unit_id
    reply = client_as("phuong.vinhtuy").get("/reports/dashboard/", {"unit": other.unit_id})
    _refused(reply, "unit", str(other.unit_id), status=404)
    own = client_as("phuong.vinhtuy").get("/reports/dashboard/", {"unit": ward_officer.unit_id})
    assert own.status_code == 200


def test_a_foreign_ward_in_a_list_behind_a_figure_is_refused(client_as, user):
    other = user("phuong.bachmai").unit_id
    reply = client_as("phuong.vinhtuy").get("/reports/loans/", {"wards": str(other)})
    _refused(reply, "wards", str(other), status=404)


# -- every page that reads its address ---------------------------------------------------------

DAYS = ["32/13/2024", "31/02/2026", "hom nay", "2024-13-01"]
YEARS = ["abc", "1.000", "２０２４", "99999999999999999999"]

SWEEP = [
    # (who, page, parameter, bad values)
    ("giamdoc", "/reports/dashboard/", "as_of", DAYS),
    ("giamdoc", "/reports/dashboard/", "from_year", YEARS),
    ("giamdoc", "/reports/outstanding/", "as_of", DAYS),
    ("giamdoc", "/reports/directive40/", "format", ["odt", "PDF"]),
    ("giamdoc", "/reports/loans/", "as_of", DAYS),
    ("giamdoc", "/reports/loans/", "year", [*YEARS, "2222"]),
    ("giamdoc", "/reports/loans/", "source", YEARS),
    ("giamdoc", "/reports/loans/", "programme", YEARS),
    ("giamdoc", "/reports/loans/", "kind", ["hoi-xyz"]),
    ("giamdoc", "/reports/loans/", "wards", ["1,x", "٣"]),
    ("giamdoc", "/reports/loans/", "overdue", ["maybe"]),
    ("giamdoc", "/reports/loans/", "format", ["csv"]),
    ("giamdoc", "/reports/decisions/", "since", [*YEARS, "1066"]),
    ("giamdoc", "/books/", "as_of", DAYS),
    ("giamdoc", "/books/", "format", ["pdf"]),
    ("giamdoc", "/books/capital/", "as_of", DAYS),
    ("giamdoc", "/books/capital/", "base_year", [*YEARS, "2030"]),
    ("giamdoc", "/books/capital/", "source", YEARS),
    ("giamdoc", "/savings/", "as_of", DAYS),
    ("giamdoc", "/checks/summary/", "year", [*YEARS, "1999"]),
    ("giamdoc", "/risk/", "loan", YEARS),
    ("ketoan", "/fees/", "month", ["abc", "2025-13", "06/2025", "2025-6"]),
    ("admin", "/calendar/", "year", YEARS),
    ("admin", "/calendar/", "format", ["pdf"]),
    ("ketoan", "/registers/export/hstd/", "as_of", DAYS),
    ("ketoan", "/registers/export/dienbao/", "month", ["abc", "2025-13"]),
]


@pytest.mark.parametrize(
    ("who", "page", "key", "value"),
    [(who, page, key, value) for who, page, key, values in SWEEP for value in values],
)
def test_a_bad_value_in_the_address_is_refused_by_name(client_as, who, page, key, value):
    """400 naming the parameter and its value: not the page with a default, not a 500."""
    reply = client_as(who).get(page, {key: value})
    assert reply.status_code == 400, (page, key, value, reply.status_code)
    body = html.unescape(reply.content.decode())
    assert key in body or "hstd" in page or "dienbao" in page  # the registers' form names it
    assert shown(value) in body


def test_the_pages_of_the_sweep_open_without_the_bad_values(client_as):
    """The sweep refuses the value, not the page."""
    for who, page, _key, _values in SWEEP:
        if "/registers/export/" in page:
            continue  # a file, asked for with a form
        assert client_as(who).get(page).status_code == 200, page


@pytest.fixture
def loan(approved, central, teller):  # noqa: F811
    from policycredit.loans import services

    return services.disburse(
        actor=teller, application=approved, source=central, on=datetime.date(2024, 3, 15)
    )


def test_a_loans_date_that_is_no_date_is_refused(client_as, loan):
    reply = client_as("giamdoc").get(f"/credit/loans/{loan.pk}/", {"as_of": "31/02/2026"})
    _refused(reply, "as_of", "31/02/2026")
    assert client_as("giamdoc").get(f"/credit/loans/{loan.pk}/").status_code == 200
    notice = f"/credit/applications/{loan.application_id}/04td/"
    _refused(client_as("giamdoc").get(notice, {"format": "docx"}), "format", "docx")


def test_an_accounts_period_that_cannot_be_read_is_refused(client_as):
    from policycredit.ledger.models import Account

    account = Account.objects.first()
    reply = client_as("giamdoc").get(f"/books/accounts/{account.pk}/", {"start": "hom nay"})
    _refused(reply, "start", "hom nay")


def test_a_period_that_ends_before_it_starts_names_both_ends(client_as):
    from policycredit.ledger.models import Account

    account = Account.objects.first()
    reply = client_as("giamdoc").get(
        f"/books/accounts/{account.pk}/", {"start": "01/02/2025", "end": "01/01/2025"}
    )
    body = _refused(reply, "start, end", "01/02/2025 – 01/01/2025")
    assert vi("The period ends before it starts.") in body


def test_a_measure_kind_or_dossier_that_cannot_be_read_is_refused(client_as, loan):
    client = client_as("tindung")
    _refused(client.get(f"/risk/loans/{loan.pk}/measure/", {"kind": "gift"}), "kind", "gift")
    reply = client.get(f"/risk/loans/{loan.pk}/measure/", {"dossier": "999999999"})
    _refused(reply, "dossier", "999999999", status=404)


def test_an_id_of_superscript_digits_posted_to_a_day_is_refused_not_a_500(
    client_as,
    day,  # noqa: F811
    loan_at_point,  # noqa: F811
):
    client = client_as("giaodich")
    for action, field in [("payout", "statement"), ("no_collection", "group")]:
        value = "f-²" if field == "statement" else "²"
        reply = client.post(f"/day/{day.pk}/", {"action": action, field: value})
        assert reply.status_code in (200, 302, 400), (action, reply.status_code)
    reply = client.post(
        f"/day/{day.pk}/groups/{loan_at_point.group_id}/",
        {"p-²": "1000", f"i-{loan_at_point.pk}": "0"},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert reply.status_code in (200, 400)


# -- the shared reader -------------------------------------------------------------------------


def test_the_reader_takes_what_it_should(rf):
    request = rf.get("/", {"y": " 2024 ", "ids": "3,17", "m": "2025-06", "f": "xlsx", "on": "1"})
    assert query.number(request, "y") == 2024
    assert query.year(request, "y") == 2024
    assert query.numbers(request, "ids") == [3, 17]
    assert str(query.month(request, "m")) == "2025-06-01"
    assert query.choice(request, "f", ["pdf", "xlsx"]) == "xlsx"
    assert query.flag(request, "on") is True
    assert query.number(request, "absent") is None and query.numbers(request, "absent") == []
    assert query.file_format(rf.get("/"), "pdf") is None


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        (lambda r: query.number(r, "k"), "１２"),
        (lambda r: query.number(r, "k"), "-3"),
        (lambda r: query.year(r, "k"), "2222"),
        (lambda r: query.numbers(r, "k"), "1,,2"),
        (lambda r: query.month(r, "k"), "2025-00"),
        (lambda r: query.choice(r, "k", ["a"]), "b"),
        (lambda r: query.flag(r, "k"), "yes please"),
    ],
)
def test_the_reader_refuses_naming_the_parameter(rf, reader, value):
    from django.core.exceptions import BadRequest

    with pytest.raises(BadRequest) as refused:
        reader(rf.get("/", {"k": value}))
    assert "k=" in str(refused.value) and shown(value) in str(refused.value)


# -- the admin's lists -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "asked",
    [
        {"p": "abc"},  # Django shows page 1
        {"p": "99999"},  # Django redirects to "Database error"
        {"ward__id__exact": "abc"},  # likewise
    ],
)
def test_a_list_page_or_filter_that_does_not_exist_is_refused_by_name(client_as, asked):
    reply = client_as("admin").get("/borrowers/household/", asked)
    assert reply.status_code == 400
    body = html.unescape(reply.content.decode())
    key, value = next(iter(asked.items()))
    assert key in body and value in body
    assert client_as("admin").get("/borrowers/household/", {"p": "1"}).status_code == 200
