"""Issue 8's acceptance: export the demo district in the HSTD layout, import it into an empty
database, and every balance, report total and `policycredit ledger check` agrees.

A is a small demo district (loans since 2014: the demo's generator at `round_trip.DISTRICT`'s
size, a few hundred loans whatever the full demo grows to), B the same district without loans
that imports A's register; both are read as of A's business date (round_trip.py runs the
commands). What an export says is a position on that date, so the positions must agree: every
loan's balances, the outstanding, overdue and frozen debt and the borrowers by programme, ward,
source and organisation, the overdue list, the groups' quality classes, the members' savings.

Not compared, on purpose: the flows, which an opening position cannot carry. B's loans begin
the evening before the export, so it has no lending, collection or interest of past years or
months (the monthly turnover report, Directive 40's turnover by year and the 2014 columns and
growth of its tables), no yearly capital (capital by year), no jobs created by year of lending,
no households that left poverty after a loan, and no fee or commission statements of past
months (the fees report). Those are the loans' history, which the register does not hold.

Runs on the suite's backend: SQLite, or scratch PostgreSQL databases beside the test database.
The whole module is one round trip of a few dozen commands, in one process for each side.
"""

import datetime

import pytest

from policycredit.registers.columns import BY_KEY
from policycredit.registers.tests import round_trip as rt

# The register's balances and the dates they run to: what a loan's position is.
BALANCES = (
    "principal_in_term",
    "principal_overdue",
    "principal_frozen",
    "outstanding",
    "interest_unpaid",  # Lãi tồn TH
    "interest_unpaid_overdue",  # Lãi tồn QH
    "due_date",
    "extended_due_date",
    "freeze_expiry",
)
# Directive 40's tables by a dimension: [name, at the end of 2014, on the date, growth (đồng),
# growth (times), share (%)]. The name, the figure on the date and its share are positions.
BY_DIMENSION = ("outstanding_by_programme", "outstanding_by_source", "outstanding_by_ward")
BY_DIMENSION += ("outstanding_by_kind",)
POSITION = (0, 2, 5)


# The round trip's databases are copies of the suite's migrated one (conftest.py), which the
# tests' mark has pytest-django make; the tests themselves read the module's fixtures only.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def books(tmp_path_factory, migrated_copies):
    """(A, B): the original district's books and the books that imported its register."""
    folder = tmp_path_factory.mktemp("round-trip")
    with (
        migrated_copies(folder, "round_trip_a") as url_a,
        migrated_copies(folder, "round_trip_b") as url_b,
    ):
        a, b = rt.round_trip(url_a, url_b, folder)
    print(f"\nround trip as of {a.as_of:%d/%m/%Y}: A {a.seconds} s, B {b.seconds} s")
    return a, b


@pytest.fixture(scope="module")
def registers(books):
    a, b = books
    return rt.read_register(a.register), rt.read_register(b.register)


def _report(books, name):
    a, b = books
    return a.reports[name], b.reports[name]


def test_the_books_pass_the_ledger_check_before_the_export_and_right_after_the_import(books):
    for side, book in zip("AB", books, strict=True):
        check = book.ledger_check
        assert check.returncode == 0, (
            f"ledger check in {side} exited {check.returncode}:\n{check.stdout}\n{check.stderr}"
        )


def test_every_loan_and_the_books_are_the_engines_after_45_closed_days(books):
    """Issue 13: after the close has run 45 days past the demo's last date (A) and past the
    import (B), `ledger check --deep` replays every loan and finds nothing; moving one stored
    field of one loan by hand makes it fail, naming that loan and field with both values."""
    a, b = books
    for side, book in zip("AB", books, strict=True):
        deep = book.deep_after_close
        assert deep.returncode == 0, f"{side}:\n{deep.stdout[-2000:]}\n{deep.stderr[-3000:]}"
        assert "Deep check:" in deep.stdout
    tampered = a.deep_tampered
    assert tampered.returncode == 1, tampered.stdout[-2000:]
    named = [line for line in tampered.stderr.splitlines() if line.startswith(a.tampered)]
    assert len(named) == 1 and "overdue since" in named[0], tampered.stderr[-2000:]
    assert "The books differ in 1 place." in tampered.stderr


def test_the_imported_district_has_every_contract_of_the_original_and_no_other(registers):
    a, b = registers
    assert a, "the demo district's register is empty"
    assert set(a) == set(b), (
        f"only in A: {sorted(set(a) - set(b))[:10]}; only in B: {sorted(set(b) - set(a))[:10]}"
    )


def test_every_loans_balances_unpaid_interest_and_due_dates_survive_the_round_trip(registers):
    a, b = registers
    # The small district must still hold each kind of balance, or the comparison proves less.
    for key in ("principal_overdue", "principal_frozen", "interest_unpaid_overdue"):
        assert any(row.get(key) for row in a.values()), f"no loan of A has {key}"
    for key in BALANCES:
        assert key in next(iter(a.values())), f"the export has no column {key}"
        mine = {number: row[key] for number, row in a.items()}
        theirs = {number: b[number][key] for number in a if number in b}
        rt.assert_same(mine, theirs, f"{key} ({BY_KEY[key].title})")


def test_the_rest_of_each_register_row_survives_the_round_trip_too(books, registers):
    """Where the loan is, whose it is, its terms and the bank's own figures (repaid, extensions,
    status): B's export writes back what it imported. Savings are the next test's.

    One date moves, as the import says it does: B's loans begin the evening before the export
    (docs/domain/register-import.md), so a loan A disbursed on the export's own date (a
    transaction day falling on it) is dated that evening in B."""
    a, b = registers
    evening = datetime.datetime.combine(
        books[0].as_of - datetime.timedelta(days=1), datetime.time()
    )
    for key in next(iter(a.values())):
        if key in BALANCES or key == "savings":
            continue
        mine = {number: row[key] for number, row in a.items()}
        if key == "loan_date":
            mine = {n: min(day, evening) if day else day for n, day in mine.items()}
        theirs = {number: b[number][key] for number in a if number in b}
        rt.assert_same(mine, theirs, f"{key} ({BY_KEY[key].title})")


def test_each_borrowers_savings_in_the_group_survive_the_round_trip(registers):
    a, b = registers
    mine = {number: row["savings"] for number, row in a.items()}
    theirs = {number: b[number]["savings"] for number in a if number in b}
    assert any(mine.values()), "no savings in the demo district's register"
    rt.assert_same(mine, theirs, BY_KEY["savings"].title)


def test_outstanding_by_programme_and_ward_agrees(books):
    a, b = (rt.table(r, "outstanding") for r in _report(books, "outstanding"))
    assert a["headers"] == b["headers"]
    mine, theirs = {r[0]: r[1:] for r in a["rows"]}, {r[0]: r[1:] for r in b["rows"]}
    rt.assert_same(mine, theirs, "outstanding by ward and programme")
    assert a["total"] == b["total"]


def test_the_overdue_list_names_the_same_loans_with_the_same_amounts(books):
    a, b = (rt.table(r, "overdue") for r in _report(books, "overdue"))
    assert a["rows"], "the demo district has no overdue loan to compare"
    mine, theirs = {r[0]: r[1:] for r in a["rows"]}, {r[0]: r[1:] for r in b["rows"]}
    rt.assert_same(mine, theirs, "overdue loans")
    assert a["total"] == b["total"]


def test_capital_use_has_the_same_outstanding_and_the_import_adds_it_to_the_capital(books):
    """The import brings the opening principal from each source by an entrustment decision of
    its own (HSTD-<date>-<run>), so B's capital is A's configured capital plus the outstanding:
    the office records its real capital itself (docs/domain/register-import.md)."""
    a, b = (rt.table(r, "capital_use") for r in _report(books, "capital-use"))
    # [source, level, capital entrusted to date, outstanding, not lent, use (%)]
    mine = {r[0]: r[3] for r in a["rows"]}
    theirs = {r[0]: r[3] for r in b["rows"]}
    rt.assert_same(mine, theirs, "outstanding by source")
    expected = {r[0]: r[2] + r[3] for r in a["rows"]}
    entrusted = {r[0]: r[2] for r in b["rows"]}
    rt.assert_same(expected, entrusted, "capital entrusted: A's + the opening (A) vs B's (B)")


def test_directive40_headline_figures_agree(books):
    a, b = _report(books, "directive40")
    # "entrusted" and its growth: the district budget's capital, checked with local_capital.
    for key in ("outstanding", "borrowers", "overdue_ratio"):
        assert rt.figure(a, key) == rt.figure(b, key), key
    assert a["notes"] == b["notes"]  # incl. the wards with no overdue debt on the date


def _on_the_date(rows: list[list]) -> dict:
    """{name: [outstanding on the date, share]} of the rows with outstanding on the date. A row
    of nothing on the date is there for its end-of-2014 figure (lent then, repaid since), which
    B's books, beginning the evening before the export, never hold: as a position it says what
    the row's absence says."""
    return {r[0]: r[1:] for r in rt.columns(rows, POSITION) if r[1]}


def test_directive40_outstanding_by_programme_source_ward_and_organisation_agrees(books):
    a, b = _report(books, "directive40")
    for key in BY_DIMENSION:
        mine = _on_the_date(rt.table(a, key)["rows"])
        theirs = _on_the_date(rt.table(b, key)["rows"])
        rt.assert_same(mine, theirs, key)
        total_a, total_b = rt.table(a, key)["total"], rt.table(b, key)["total"]
        assert [total_a[i] for i in POSITION] == [total_b[i] for i in POSITION], key


def test_directive40_credit_quality_overdue_and_frozen_debt_and_group_classes_agree(books):
    a, b = _report(books, "directive40")
    # summary: [measure, at the end of 2014, on the date]
    mine = {r[0]: r[2] for r in rt.table(a, "summary")["rows"]}
    theirs = {r[0]: r[2] for r in rt.table(b, "summary")["rows"]}
    rt.assert_same(mine, theirs, "summary on the date")
    # The group classes by overdue come from the books; the grades of the 16/TD inspections
    # (the last two columns) are the organisations' records, which the bank's register does
    # not carry: only the first are B's to agree with.
    for key, width in (("overdue_by_ward", None), ("group_quality", 3)):
        mine = {r[0]: r[1:width] for r in rt.table(a, key)["rows"]}
        theirs = {r[0]: r[1:width] for r in rt.table(b, key)["rows"]}
        rt.assert_same(mine, theirs, key)
        total_a, total_b = rt.table(a, key)["total"], rt.table(b, key)["total"]
        assert total_a[:width] == total_b[:width], key
    # The turnover table is flows by year; only its last figure, the outstanding on the date
    # ("dư nợ cuối năm" of the current year), is a position.
    last_a, last_b = rt.table(a, "turnover")["rows"][-1], rt.table(b, "turnover")["rows"][-1]
    assert (last_a[0], last_a[-1]) == (last_b[0], last_b[-1])


def test_directive40_local_capital_grows_by_the_opening_decisions_only(books):
    """The 2014 base is configuration, the same in A and B; on the date B has A's capital plus
    the outstanding the import brought from that source (see the capital-use test)."""
    a, b = _report(books, "directive40")
    capital_use = rt.table(_report(books, "capital-use")[0], "capital_use")
    outstanding = {r[0]: r[3] for r in capital_use["rows"]}
    # local_capital: [source, level, to the end of 2014, to the date, growth (đồng), (times)]
    rows_a, rows_b = rt.table(a, "local_capital")["rows"], rt.table(b, "local_capital")["rows"]
    mine = {r[0]: (r[2], r[3] + outstanding[r[0]]) for r in rows_a}
    theirs = {r[0]: (r[2], r[3]) for r in rows_b}
    rt.assert_same(mine, theirs, "local capital: (2014, to the date + opening)")


def test_members_savings_through_the_groups_are_what_the_register_carries(books, registers):
    """The register prints a member's savings in the group on each of their loans there, so B
    holds the savings of the members who borrow, once each; A's report also counts members who
    save without a loan, whom the register never names. The groups are the same."""
    a, b = (rt.table(r, "savings")["rows"][0] for r in _report(books, "directive40"))
    carried = {
        (row["group_code"], row["customer_code"]): row["savings"] for row in registers[0].values()
    }
    # [groups, members with savings, savings balance]
    expected = [a[0], sum(1 for v in carried.values() if v > 0), sum(carried.values())]
    assert expected[2], "no savings in the demo district's register"
    assert b == expected, (
        f"B's savings through groups {b} ≠ {expected} from A's register (A's report: {a})"
    )
