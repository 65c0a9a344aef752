"""The review's jobs per year, planned and verified; one base year for every "growth since";
a dashboard whose queries do not grow with the loans; the live portfolio equal to the engine."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policycredit.accounts.models import User
from policycredit.capital.models import CapitalSource
from policycredit.domain.loan import state_at
from policycredit.domain.review import BASE_YEAR
from policycredit.inspections.tests.conftest import member_of, originate
from policycredit.loans import services
from policycredit.loans.models import Loan
from policycredit.loans.selectors import histories_of
from policycredit.reporting import directive40, selectors
from policycredit.reporting.portfolio import LiveBook
from policycredit.reporting.selection import Selection
from policycredit.reporting.tests.conftest import REVIEW_DAY

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2024, 6, 30)


def _verified(loan, new, maintained):
    services.record_verified_jobs(
        actor=User.objects.get(username="tindung"), loan=loan, new=new, maintained=maintained
    )


def test_jobs_per_year_planned_verified_and_counted(user):
    """Three job-creation loans and one without jobs, by hand:

    2023: A plans 3 new / 5 kept, the check finds 2 / 6; B plans 4 / 1, not checked yet.
    2024: C plans 10 / 20, the check finds none. D (clean water) has no jobs.
    Counted = verified once checked, else planned: 2023 → 2 + 4 = 6 new, 6 + 1 = 7 kept.
    """
    a = originate(member_of(True, 0), code="GQVL", on=D(2023, 5, 10), jobs=(3, 5))
    originate(member_of(True, 1), code="GQVL", on=D(2023, 8, 10), jobs=(4, 1))
    c = originate(member_of(False, 0), code="GQVL", on=D(2024, 2, 12), jobs=(10, 20))
    originate(member_of(False, 1), on=D(2024, 3, 11))
    _verified(a, 2, 6)
    _verified(c, 0, 0)
    report = directive40.build(user("giamdoc"), AS_OF, 2022)
    table = report.table("jobs_by_year")
    # year, loans with jobs, planned new/kept, loans checked, verified new/kept, counted new/kept
    assert table.rows == [
        ["2022", 0, 0, 0, 0, 0, 0, 0, 0],
        ["2023", 2, 7, 6, 1, 2, 6, 6, 7],
        ["2024", 1, 10, 20, 1, 0, 0, 0, 0],
    ]
    assert table.total[1:] == [3, 17, 26, 2, 2, 6, 6, 7]
    assert len(table.headers) == len(table.rows[0]) and len(table.links) == len(table.rows)
    # The counted pair is the one the jobs-by-source table and its chart show.
    by_source = report.table("jobs")
    assert [r[-2:] for r in by_source.rows] == [[0, 0], [6, 7], [0, 0]]
    assert "year=2023" in table.links[1] and "jobs=1" in table.links[1]
    # One row a year from the base year to the review's, whatever the base year.
    later = directive40.build(user("giamdoc"), AS_OF, 2020).table("jobs_by_year")
    assert [r[0] for r in later.rows] == ["2020", "2021", "2022", "2023", "2024"]


def test_a_ward_officer_counts_only_the_jobs_of_their_wards(user):
    loan = originate(member_of(True, 0), code="GQVL", on=D(2023, 5, 10), jobs=(3, 5))
    ward = loan.group.transaction_point.ward_id
    officer = next(
        u
        for u in User.objects.filter(username__startswith="phuong.")
        if selectors.selection_for(u, None, AS_OF).ward_ids
    )
    report = directive40.build(officer, AS_OF, 2023).table("jobs_by_year")
    mine = ward in selectors.selection_for(officer, None, AS_OF).ward_ids
    assert report.rows[0][2] == (3 if mine else 0)


def test_every_growth_since_uses_the_one_base_year(client_as, user):
    """The dashboard, the review and the capital page, opened without a base year, all measure
    the district budget's growth from the end of 2014, and say so."""
    assert BASE_YEAR == 2014
    day = f"{REVIEW_DAY:%d/%m/%Y}"
    director = client_as("giamdoc")
    dashboard = director.get(f"/reports/dashboard/?as_of={day}")
    growth = next(f for f in dashboard.context["figures"] if f.key == "entrusted_growth")
    assert growth.value == 73_677_000_000
    assert "since=2015" in growth.href  # the decisions after the base year
    html = dashboard.content.decode()
    assert "Tăng so với năm 2014" in html
    assert dashboard.context["charts"][0].labels[0] == "2014"
    review = director.get(f"/reports/directive40/?as_of={day}")
    assert review.context["report"].figure("entrusted_growth").value == 73_677_000_000
    assert "Tăng so với năm 2014" in review.content.decode()
    district = CapitalSource.objects.get(code="NS-HBT")
    capital = client_as("bandaidien").get("/books/capital/", {"source": district.pk, "as_of": day})
    assert capital.context["base_year"] == 2014
    assert capital.context["growth"] == 73_677_000_000
    assert "Tăng so với năm 2014" in capital.content.decode()
    # A base year asked for is the one used, on the dashboard too.
    other = director.get(f"/reports/dashboard/?as_of={day}&from_year=2016")
    assert other.context["charts"][0].labels[0] == "2016"
    assert "Tăng so với năm 2016" in other.content.decode()


def _dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/reports/dashboard/?as_of={AS_OF:%d/%m/%Y}").status_code == 200
    return len(queries)


def test_the_dashboards_queries_do_not_grow_with_the_loans(client_as):
    client = client_as("giamdoc")
    originate(member_of(True, 0), code="GQVL", on=D(2023, 5, 10), jobs=(3, 5))
    originate(member_of(False, 0), on=D(2023, 6, 12), amount=15_000_000)
    few = _dashboard_queries(client)
    for nth in range(1, 7):
        originate(member_of(nth % 2 == 0, nth), on=D(2023, 3 + nth, 10))
    many = _dashboard_queries(client)
    assert many == few
    assert few <= 40


def test_the_live_portfolio_is_the_engines_on_every_day(district_jobs):
    """The balances summed by the database and the overdue of plain loans worked out without a
    replay are what the engine says of every loan, on month ends and days between."""
    days = [D(2021, 12, 31), D(2022, 7, 15), D(2022, 12, 31), D(2023, 6, 30), REVIEW_DAY]
    book = LiveBook(Selection(everything=True), days)
    loans = list(Loan.objects.all())
    histories = histories_of(loans)
    overdue = 0
    for day in days:
        figures = book.per_loan(day)
        for loan in loans:
            if loan.first_disbursed_on > day:
                assert loan.pk not in figures
                continue
            state = state_at(histories[loan.pk], day)
            got = figures.get(loan.pk, {"outstanding": 0, "overdue": 0, "frozen": 0})
            assert (got["outstanding"], got["overdue"], got["frozen"]) == (
                state.principal_outstanding,
                state.principal_overdue,
                state.principal_frozen,
            ), (loan.number, day)
            overdue += got["overdue"] > 0
    assert overdue  # the story has overdue loans, or this proves nothing


def test_the_pages_benchmark_times_each_page_as_the_director(db):
    from policycredit.demo.bench import pages

    result = pages.run(runs=1)
    assert [p["page"] for p in result["pages"]] == ["home", "dashboard", "directive40", "capital"]
    for p in result["pages"]:
        assert p["queries"] > 0 and p["median_ms"] <= p["max_ms"]
    assert "dashboard" in pages.summary(result)
