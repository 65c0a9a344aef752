"""The grade from the score sheet: worked examples on the default sheet, and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.quality import GRADES
from policycredit.inspections import grading
from policycredit.inspections.defaults import BANDS, CRITERIA
from policycredit.inspections.models import Grade

SHEET = {code: most for code, _name, most in CRITERIA}


def test_the_default_sheet_has_100_points_and_grades_named_as_the_reports_name_them():
    assert sum(SHEET.values()) == 100
    assert [g for g, _from in BANDS] == [g.value for g in Grade]
    assert list(GRADES) == list(Grade.values)


@pytest.mark.parametrize(
    "points, expected",
    [
        (100, "good"),
        (90, "good"),
        (89, "fair"),
        (70, "fair"),
        (69, "average"),
        (50, "average"),
        (49, "weak"),
        (0, "weak"),
    ],
)
def test_the_default_bands_at_their_edges(points, expected):
    assert grading.grade(points, 100, BANDS) == expected


def test_a_band_edge_is_exact_not_rounded():
    # 62 of 69 points is 89.86 %: not yet 90 %.
    assert grading.grade(62, 69, BANDS) == "fair"
    assert grading.grade(63, 70, BANDS) == "good"  # 90 % exactly


def test_a_worked_sheet():
    """15 + 12 + 20 + 14 + 8 + 10 + 7 = 86 points of 100: fair."""
    scores = dict(zip(SHEET, [15, 12, 20, 14, 8, 10, 7], strict=True))
    assert grading.total(SHEET, scores) == 86
    assert grading.grade(86, 100, BANDS) == "fair"


@pytest.mark.parametrize(
    "scores, code",
    [
        ({**dict.fromkeys(SHEET, 1), "meetings": 16}, "score_out_of_range"),
        ({**dict.fromkeys(SHEET, 1), "meetings": -1}, "score_out_of_range"),
        ({k: 1 for k in list(SHEET)[1:]}, "score_missing"),
        ({**dict.fromkeys(SHEET, 1), "music": 3}, "unknown_criterion"),
    ],
)
def test_a_sheet_that_cannot_be_graded_names_why(scores, code):
    with pytest.raises(grading.SheetError) as refused:
        grading.total(SHEET, scores)
    assert refused.value.code == code


sheets = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=4), st.integers(1, 40), min_size=1, max_size=8
)


@given(sheets, st.data())
def test_more_points_never_give_a_lower_grade(sheet, data):
    most = sum(sheet.values())
    a = data.draw(st.integers(0, most))
    b = data.draw(st.integers(a, most))
    order = [g.value for g in Grade]
    assert order.index(grading.grade(b, most, BANDS)) <= order.index(grading.grade(a, most, BANDS))


@given(sheets, st.data())
def test_the_total_is_the_sum_within_the_most(sheet, data):
    scores = {code: data.draw(st.integers(0, most)) for code, most in sheet.items()}
    points = grading.total(sheet, scores)
    assert points == sum(scores.values()) and 0 <= points <= sum(sheet.values())


@given(st.integers(1, 1000), st.data())
def test_the_grade_is_the_highest_band_whose_start_the_share_reaches(most, data):
    points = data.draw(st.integers(0, most))
    share = Decimal(points * 100) / most
    expected = next(g for g, start in BANDS if share >= start)
    assert grading.grade(points, most, BANDS) == expected
