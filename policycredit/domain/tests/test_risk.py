"""Risk bands: loss share -> extension or freeze with its longest term."""

from decimal import Decimal

import pytest

from policycredit.domain.loan import LoanRuleError
from policycredit.domain.risk import DEFAULT_BANDS, RiskBand, treatment_for


@pytest.mark.parametrize(
    ("loss", "action", "max_months"),
    [
        (Decimal("0"), "extension", None),
        (Decimal("39.99"), "extension", None),
        (Decimal("40"), "freeze", 36),
        (Decimal("79.9"), "freeze", 36),
        (Decimal("80"), "freeze", 60),
        (Decimal("100"), "freeze", 60),
        (55, "freeze", 36),
    ],
)
def test_default_bands(loss, action, max_months):
    band = treatment_for(loss)
    assert (band.action, band.max_months) == (action, max_months)


@pytest.mark.parametrize("loss", [Decimal("-0.01"), Decimal("100.01"), Decimal("NaN")])
def test_loss_outside_zero_to_hundred_is_refused(loss):
    with pytest.raises(LoanRuleError) as caught:
        treatment_for(loss)
    assert caught.value.code == "loss_out_of_range"


def test_loss_as_float_is_refused():
    with pytest.raises(LoanRuleError):
        treatment_for(45.0)


def test_bands_are_data_and_can_change_by_decision():
    bands = [(0, 30, "extension", 12), (30, 100, "freeze", 48)]
    assert treatment_for(Decimal("35"), bands) == RiskBand(30, 100, "freeze", 48)
    assert treatment_for(Decimal("100"), bands).max_months == 48


@pytest.mark.parametrize(
    "bands",
    [
        [],
        [(0, 40, "extension", None), (50, 100, "freeze", 36)],
        [(0, 40, "extension", None), (40, 90, "freeze", 36)],
        [(10, 100, "freeze", 36)],
        [(0, 100, "", 36)],
        [(0, 100, "freeze", 0)],
    ],
)
def test_bands_must_cover_zero_to_hundred_without_gaps(bands):
    with pytest.raises(LoanRuleError) as caught:
        treatment_for(Decimal("50"), bands)
    assert caught.value.code == "bad_bands"


def test_default_bands_are_the_published_ones():
    assert [tuple(band) for band in DEFAULT_BANDS] == [
        (0, 40, "extension", None),
        (40, 80, "freeze", 36),
        (80, 100, "freeze", 60),
    ]
