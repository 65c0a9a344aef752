"""Quality grades by bands: worked examples with hand-checked numbers, and the properties that
every subject falls in exactly one band and a grade never improves as overdue rises."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain import quality
from policycredit.domain.quality import Band, Facts, QualityError, check_scale, grade

D = Decimal
# The seeded scales (inspections/quality_defaults.py).
GROUPS = (Band("good", D(0)), Band("fair", D(2)), Band("average", D(5)), Band("weak"))
POINTS = (
    Band("good", D(2), 0),
    Band("fair", D(3), 1),
    Band("average", D(5), 2),
    Band("weak"),
)
UNITS = (Band("good", D(2)), Band("fair", D(3)), Band("average", D(4)), Band("weak"))


@pytest.mark.parametrize(
    "outstanding, overdue, expected",
    [
        (500_000_000, 0, "good"),
        # 9 999 999 of 500 000 000 is 1.999… %: under 2 %.
        (500_000_000, 9_999_999, "fair"),
        # 10 000 000 of 500 000 000 is exactly 2 %: not under 2 %.
        (500_000_000, 10_000_000, "average"),
        (500_000_000, 24_999_999, "average"),
        (500_000_000, 25_000_000, "weak"),
        (500_000_000, 500_000_000, "weak"),
    ],
)
def test_a_group_by_its_overdue_share(outstanding, overdue, expected):
    assert grade(Facts(outstanding, overdue), GROUPS) == expected


def test_an_organisation_unit_on_the_fee_bands():
    # 1.2 billion lent, 30 million overdue: 2.5 %, in the 2–3 % band (80 % of the fee).
    assert grade(Facts(1_200_000_000, 30_000_000), UNITS) == "fair"
    # 36 million: exactly 3 %, the 3–4 % band.
    assert grade(Facts(1_200_000_000, 36_000_000), UNITS) == "average"
    # 48 million: exactly 4 %, no fee: weak.
    assert grade(Facts(1_200_000_000, 48_000_000), UNITS) == "weak"
    assert grade(Facts(1_200_000_000, 23_999_999), UNITS) == "good"


def test_a_point_by_overdue_and_sessions_missed():
    # 0.5 % overdue, every session on its day: good; one missed: fair; three missed: weak.
    assert grade(Facts(2_000_000_000, 10_000_000, missed=0), POINTS) == "good"
    assert grade(Facts(2_000_000_000, 10_000_000, missed=1), POINTS) == "fair"
    assert grade(Facts(2_000_000_000, 10_000_000, missed=3), POINTS) == "weak"
    # 4 % overdue (80 of 2 000 million), no session missed: average by its overdue.
    assert grade(Facts(2_000_000_000, 80_000_000, missed=0), POINTS) == "average"
    # Sessions the system did not keep are not held against the point.
    assert grade(Facts(2_000_000_000, 10_000_000, missed=None), POINTS) == "good"


def test_a_group_held_back_by_its_inspection_only_when_inspected():
    bands = (Band("good", D(0), None, "fair"), *GROUPS[1:])
    assert grade(Facts(100, 0, inspection="average"), bands) == "fair"
    assert grade(Facts(100, 0, inspection="fair"), bands) == "good"
    assert grade(Facts(100, 0), bands) == "good"


@pytest.mark.parametrize(
    "bands, code",
    [
        ((), QualityError.EMPTY),
        ((Band("fair", D(2)), Band("good", D(0)), Band("weak")), QualityError.ORDER),
        ((Band("good", D(0)), Band("good", D(2)), Band("weak")), QualityError.ORDER),
        ((Band("good", D(0)), Band("weak", D(5))), QualityError.OPEN_END),
        ((Band("good", D(3)), Band("fair", D(2)), Band("weak")), QualityError.TIGHTENS),
        ((Band("good", D(2), 1), Band("fair", D(3), 0), Band("weak")), QualityError.TIGHTENS),
        ((Band("good", D(2)), Band("fair", D(3), 0), Band("weak")), QualityError.TIGHTENS),
        ((Band("good", D(-1)), Band("weak")), QualityError.BAD_VALUE),
        ((Band("good", 2.0), Band("weak")), QualityError.BAD_VALUE),
        ((Band("excellent", D(0)), Band("weak")), QualityError.BAD_VALUE),
    ],
)
def test_rows_that_make_no_scale_are_refused(bands, code):
    with pytest.raises(QualityError) as refused:
        check_scale(bands)
    assert refused.value.code == code


# Properties ------------------------------------------------------------------------------


@st.composite
def scales(draw):
    """A valid scale: 1–4 grades best first, thresholds loosening down it, the last open."""
    grades = sorted(
        draw(st.sets(st.sampled_from(quality.GRADES), min_size=1, max_size=4)),
        key=quality.GRADES.index,
    )
    overdue = sorted(draw(st.lists(st.decimals(0, 100, places=4), min_size=3, max_size=3)))
    missed = sorted(draw(st.lists(st.integers(0, 12), min_size=3, max_size=3)))
    use_missed = draw(st.booleans())
    bands = [
        Band(g, overdue[i], missed[i] if use_missed else None) for i, g in enumerate(grades[:-1])
    ]
    return (*bands, Band(grades[-1]))


@given(scales(), st.integers(1, 10**13), st.data())
def test_every_ratio_falls_in_exactly_one_band(bands, outstanding, data):
    overdue = data.draw(st.integers(0, outstanding))
    facts = Facts(outstanding, overdue, missed=data.draw(st.none() | st.integers(0, 12)))
    # The band a subject falls in: it meets that band and none above it.
    within = [
        i
        for i, band in enumerate(bands)
        if quality.meets(facts, band) and not any(quality.meets(facts, b) for b in bands[:i])
    ]
    assert len(within) == 1
    assert grade(facts, bands) == bands[within[0]].grade


@given(scales(), st.integers(1, 10**13), st.data())
def test_a_grade_never_improves_as_overdue_rises(bands, outstanding, data):
    overdue = data.draw(st.integers(0, outstanding))
    more = data.draw(st.integers(overdue, outstanding))
    missed = data.draw(st.none() | st.integers(0, 12))
    before = grade(Facts(outstanding, overdue, missed), bands)
    after = grade(Facts(outstanding, more, missed), bands)
    assert quality.GRADES.index(after) >= quality.GRADES.index(before)


@given(scales(), st.integers(1, 10**13), st.data())
def test_a_grade_never_improves_as_sessions_are_missed(bands, outstanding, data):
    overdue = data.draw(st.integers(0, outstanding))
    missed = data.draw(st.integers(0, 12))
    before = grade(Facts(outstanding, overdue, missed), bands)
    after = grade(Facts(outstanding, overdue, missed + data.draw(st.integers(0, 5))), bands)
    assert quality.GRADES.index(after) >= quality.GRADES.index(before)
