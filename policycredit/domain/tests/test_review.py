"""Growth, ratios, review dates and group classes, with hand-checked numbers."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain import review


def test_the_demo_districts_growth_since_2014():
    # 80.627 billion in June 2024 against 6.950 billion at the end of 2014.
    added, times = review.growth(6_950_000_000, 80_627_000_000)
    assert added == 73_677_000_000
    assert times == Decimal("11.60")  # 80 627 / 6 950 = 11.6010…


def test_growth_from_nothing_has_no_times():
    assert review.growth(0, 5) == (5, None)


def test_percent_rounds_half_up_to_two_places():
    assert review.percent(1, 3) == Decimal("33.33")
    assert review.percent(2, 3) == Decimal("66.67")
    assert review.percent(5, 0) == Decimal("0.00")


def test_a_review_reads_each_year_end_then_the_day():
    dates = review.review_dates(2014, datetime.date(2024, 6, 11))
    assert dates[0] == datetime.date(2014, 12, 31)
    assert dates[-2:] == [datetime.date(2023, 12, 31), datetime.date(2024, 6, 11)]
    assert len(dates) == 11
    # A review on 31/12 does not read the same day twice.
    assert review.review_dates(2023, datetime.date(2023, 12, 31)) == [datetime.date(2023, 12, 31)]


def test_month_ends_before_a_day():
    assert review.month_ends_before(datetime.date(2024, 3, 15), 3) == [
        datetime.date(2023, 12, 31),
        datetime.date(2024, 1, 31),
        datetime.date(2024, 2, 29),
    ]
    assert review.month_ends_before(datetime.date(2024, 2, 29), 1) == [datetime.date(2024, 2, 29)]


# The group scale seeded from 2014 (inspections/quality_defaults.py): nothing overdue, under
# 2 %, under 5 %, the rest.
GROUP_BANDS = (
    ("good", Decimal("0")),
    ("fair", Decimal("2")),
    ("average", Decimal("5")),
    ("weak",),
)


def test_group_classes_by_overdue_share():
    assert review.group_class(100_000_000, 0, GROUP_BANDS) == "good"
    assert review.group_class(100_000_000, 1_999_999, GROUP_BANDS) == "fair"
    assert review.group_class(100_000_000, 2_000_000, GROUP_BANDS) == "average"
    assert review.group_class(100_000_000, 5_000_000, GROUP_BANDS) == "weak"
    assert review.group_class(0, 0, GROUP_BANDS) == "good"


def test_a_group_class_can_be_held_back_by_its_inspection():
    bands = (("good", Decimal("0"), None, "good"), *GROUP_BANDS[1:])
    assert review.group_class(100_000_000, 0, bands, inspection="fair") == "fair"
    assert review.group_class(100_000_000, 0, bands, inspection="good") == "good"
    assert review.group_class(100_000_000, 0, bands, inspection=None) == "good"


@given(st.integers(0, 10**13), st.integers(0, 10**13))
def test_growth_adds_back_to_now(base, now):
    added, times = review.growth(base, now)
    assert base + added == now
    if base:
        assert abs(times - Decimal(now) / Decimal(base)) <= Decimal("0.005")


@given(st.integers(1, 10**13), st.integers(0, 10**13))
def test_a_class_only_worsens_as_overdue_grows(outstanding, overdue):
    order = ["good", "fair", "average", "weak"]
    overdue = min(overdue, outstanding)
    worse = min(outstanding, overdue + outstanding // 50)
    assert order.index(review.group_class(outstanding, overdue, GROUP_BANDS)) <= order.index(
        review.group_class(outstanding, worse, GROUP_BANDS)
    )
