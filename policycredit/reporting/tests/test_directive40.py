"""The Directive 40 review on the demo district, from the loans and decisions in the database."""

import pytest

from policycredit.reporting import directive40
from policycredit.reporting.tests.conftest import REVIEW_DAY

pytestmark = pytest.mark.django_db


def _row(table, label):
    return next(r for r in table.rows if r[0] == label)


def test_the_demo_districts_review_of_june_2024(district_jobs, user):
    report = directive40.build(user("giamdoc"), REVIEW_DAY, 2014)
    local = _row(report.table("local_capital"), "Ngân sách quận Hai Bà Trưng ủy thác")
    assert local[2] == 6_950_000_000  # to date at the end of 2014
    assert local[3] == 80_627_000_000  # to date on 11/06/2024
    assert local[4] == 73_677_000_000  # growth
    assert report.figure("entrusted").value == 80_627_000_000
    assert report.figure("entrusted_growth").value == 73_677_000_000
    jobs = report.table("jobs")
    # The column after the source's name; the header's wording follows the language.
    district = next(i for i, h in enumerate(jobs.headers) if h.startswith(local[0]))
    for year in (2021, 2022, 2023):
        row = _row(jobs, str(year))
        assert row[district] > 2_100, (year, row)
        assert row[district + 1] > 3_500, (year, row)
