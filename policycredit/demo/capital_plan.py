"""The district budget's entrustment history of the demo, from the June 2024 review.

Hai Bà Trưng's review of Directive 40 (June 2024): 6.950 billion đồng entrusted by 2014,
80.627 billion by June 2024 (up 73.677 billion). Yearly amounts between are not published;
the demo spreads the growth over 2015–2024 with a fixed pattern that sums exactly.
"""

import datetime

BASE_2014_CUMULATIVE = 6_950_000_000
JUNE_2024_CUMULATIVE = 80_627_000_000
REVIEW_DATE = datetime.date(2024, 6, 11)

# Before and in 2014: the entrustments that made up the 2014 base.
UP_TO_2014 = [
    (datetime.date(2011, 4, 15), 1_500_000_000),
    (datetime.date(2012, 5, 10), 1_450_000_000),
    (datetime.date(2013, 4, 22), 1_800_000_000),
    (datetime.date(2014, 5, 6), 2_200_000_000),
]

# 2015–2024 (2024's decision dated before the review). Weights grow as the district's budget
# did; the last year takes the rounding so the total is exact.
_WEIGHTS = [3, 4, 5, 6, 7, 9, 10, 11, 12, 10]
_GROWTH = JUNE_2024_CUMULATIVE - BASE_2014_CUMULATIVE


def yearly_decisions() -> list[tuple[datetime.date, int]]:
    """(decision date, amount) for every district-budget entrustment of the demo."""
    out = list(UP_TO_2014)
    total_weight = sum(_WEIGHTS)
    given = 0
    for i, weight in enumerate(_WEIGHTS):
        year = 2015 + i
        if i == len(_WEIGHTS) - 1:
            amount = _GROWTH - given
        else:
            amount = _GROWTH * weight // total_weight // 1_000_000 * 1_000_000
        given += amount
        out.append((datetime.date(year, 3 if year == 2024 else 4, 20 + i % 5), amount))
    # After the review: the district budget kept entrusting until districts were abolished.
    out.append((datetime.date(2025, 3, 18), 6_500_000_000))
    return out


# Central capital planned for the office (the bank's own plan, not a local budget): the demo's
# history starts in 2014 without the loans of earlier years, so the 2014 plan carries the
# capital the office already lent then; each later year adds to it. Sized so that, lent out,
# it makes a district office of some five thousand borrowers.
CENTRAL_2014 = 125_000_000_000
CENTRAL_YEARLY = 12_000_000_000

# The city budget entrusts to every district office; the demo's share, as for central capital.
CITY_2014 = 24_000_000_000
CITY_YEARLY = 3_000_000_000


def central_plan(year: int) -> int:
    return CENTRAL_2014 if year == 2014 else CENTRAL_YEARLY


def city_plan(year: int) -> int:
    return CITY_2014 if year == 2014 else CITY_YEARLY
