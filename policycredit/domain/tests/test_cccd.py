"""Tests for policycredit.domain.cccd (pure Python, no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.cccd import (
    PROVINCE_CODES,
    CCCDError,
    birth_year_matches,
    birth_year_of,
    is_male,
    make_cccd,
    mask_cccd,
    normalize_cccd,
    validate_cccd,
)


def test_province_table_has_the_63_pre_2025_provinces():
    assert len(PROVINCE_CODES) == 63
    assert len(set(PROVINCE_CODES.values())) == 63
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCE_CODES)
    assert PROVINCE_CODES["001"] == "Hà Nội"
    assert PROVINCE_CODES["031"] == "Hải Phòng"
    assert PROVINCE_CODES["048"] == "Đà Nẵng"
    assert PROVINCE_CODES["079"] == "Hồ Chí Minh"
    assert PROVINCE_CODES["092"] == "Cần Thơ"
    assert PROVINCE_CODES["096"] == "Cà Mau"
    # The numbering has gaps (codes of provinces that no longer exist are not listed).
    assert "003" not in PROVINCE_CODES
    assert "028" not in PROVINCE_CODES


@pytest.mark.parametrize(
    "raw",
    ["001099012345", "001 099 012 345", "001.099.012.345", "001-099-012-345", " 001099012345\n"],
)
def test_normalize_and_validate_strip_separators(raw):
    assert normalize_cccd(raw) == "001099012345"
    assert validate_cccd(raw) == "001099012345"


def test_normalize_none_is_empty():
    assert normalize_cccd(None) == ""


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("00109901234", "length", "Số CCCD phải gồm đúng 12 chữ số (nhận được 11)."),
        ("0010990123456", "length", "Số CCCD phải gồm đúng 12 chữ số (nhận được 13)."),
        ("", "length", "Số CCCD phải gồm đúng 12 chữ số (nhận được 0)."),
        ("00109901234a", "digits", "Số CCCD chỉ được chứa chữ số."),
        ("００１０９９０１２３４５", "digits", "Số CCCD chỉ được chứa chữ số."),
        ("003099012345", "province", "Mã tỉnh '003' ở 3 chữ số đầu của số CCCD không hợp lệ."),
        ("100099012345", "province", "Mã tỉnh '100' ở 3 chữ số đầu của số CCCD không hợp lệ."),
    ],
)
def test_validate_rejects_with_stable_code_and_vietnamese_message(raw, code, message):
    with pytest.raises(CCCDError) as excinfo:
        validate_cccd(raw)
    assert excinfo.value.code == code
    assert str(excinfo.value) == message
    assert isinstance(excinfo.value, ValueError)


@pytest.mark.parametrize(
    ("number", "year", "male"),
    [
        ("001099012345", 1999, True),  # 0 = male, 20th century
        ("001199012345", 1999, False),  # 1 = female, 20th century
        ("079203012345", 2003, True),  # 2 = male, 21st century
        ("079305000001", 2005, False),  # 3 = female, 21st century
        ("048400000001", 2100, True),  # 4 = male, 22nd century
        ("001999000000", 2399, False),  # 9 = female, 24th century
    ],
)
def test_birth_year_and_gender(number, year, male):
    assert birth_year_of(number) == year
    assert birth_year_matches(number, year)
    assert not birth_year_matches(number, year - 100)
    assert is_male(number) is male


def test_birth_year_matches_raises_on_invalid_number():
    with pytest.raises(CCCDError):
        birth_year_matches("12345", 1990)


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("001099012345", "********2345"),
        ("001 099 012 345", "********2345"),
        ("", ""),
        (None, ""),
        ("1234", "****"),
        ("12345", "*2345"),
    ],
)
def test_mask(raw, masked):
    assert mask_cccd(raw) == masked


def test_make_cccd_examples():
    assert make_cccd("001", True, 1985, 42) == "001085000042"
    assert make_cccd("079", False, 2001, 123456) == "079301123456"
    assert make_cccd("1", False, 1960, 7) == "001160000007"


def test_make_cccd_rejects_bad_input():
    with pytest.raises(CCCDError) as excinfo:
        make_cccd("003", True, 1990, 1)
    assert excinfo.value.code == "province"
    with pytest.raises(CCCDError) as excinfo:
        make_cccd("001", True, 1899, 1)
    assert excinfo.value.code == "gender_century"
    with pytest.raises(ValueError):
        make_cccd("001", True, 1990, 1_000_000)


@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    male=st.booleans(),
    year=st.integers(min_value=1900, max_value=2399),
    serial=st.integers(min_value=0, max_value=999_999),
)
def test_make_cccd_always_validates_and_round_trips(province, male, year, serial):
    number = make_cccd(province, male, year, serial)
    assert validate_cccd(number) == number
    assert number[:3] == province
    assert birth_year_matches(number, year)
    assert is_male(number) is male
    assert int(number[6:]) == serial
    masked = mask_cccd(number)
    assert masked == "********" + number[-4:]


@given(st.text())
def test_mask_never_reveals_more_than_four_characters(raw):
    masked = mask_cccd(raw)
    revealed = [c for c in masked if c != "*"]
    assert len(revealed) <= 4
    assert sum(c.isdigit() for c in masked) <= 4
    assert len(masked) == len(normalize_cccd(raw))
