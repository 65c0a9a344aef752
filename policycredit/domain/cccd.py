"""Vietnamese citizen ID numbers (số Căn cước công dân / số định danh cá nhân, 12 digits).

Layout of the number, as set by Circular 07/2016/TT-BCA (Article 7) and kept by
Circular 59/2021/TT-BCA and the Law on Identification 2023:

* digits 1-3: code of the province where the citizen's birth was registered
  (appendix of Circular 07/2016/TT-BCA; the 63 pre-2025 provinces);
* digit 4: gender and century of birth (0/1 = male/female born 1900-1999,
  2/3 = 2000-2099, 4/5 = 2100-2199, 6/7 = 2200-2299, 8/9 = 2300-2399);
* digits 5-6: last two digits of the year of birth;
* digits 7-12: a random serial.

Codes for citizens whose birth was registered abroad are not handled: only the 63
province codes are accepted. The province names are the pre-1 July 2025 provinces,
because that is what numbers already issued encode; the 2025 province mergers did not
renumber anybody.

Pure Python, no Django: usable from forms, importers and the demo generator alike.
"""

from __future__ import annotations

import re

__all__ = [
    "PROVINCE_CODES",
    "CCCDError",
    "birth_year_of",
    "birth_year_matches",
    "is_male",
    "make_cccd",
    "mask_cccd",
    "normalize_cccd",
    "validate_cccd",
]

CCCD_LENGTH = 12
FIRST_SUPPORTED_YEAR = 1900
LAST_SUPPORTED_YEAR = 2399

# Source: appendix "Danh mục mã tỉnh, thành phố trực thuộc trung ương nơi công dân đăng ký
# khai sinh" of Circular 07/2016/TT-BCA (01/02/2016), unchanged by Circular 59/2021/TT-BCA.
# The codes are the GSO province codes padded to three digits.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

# Separators people type or that come out of spreadsheets: any whitespace (including
# non-breaking spaces), dots and the usual dash characters.
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212]+")
_ASCII_DIGITS = frozenset("0123456789")


class CCCDError(ValueError):
    """An invalid citizen ID number.

    ``code`` is stable and meant for programs ("length", "digits", "province",
    "gender_century"); ``message`` is the Vietnamese text shown to users.
    """

    LENGTH = "length"
    DIGITS = "digits"
    PROVINCE = "province"
    GENDER_CENTURY = "gender_century"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def normalize_cccd(raw: str) -> str:
    """Remove spaces, dots and dashes; ``None`` becomes the empty string."""
    if raw is None:
        return ""
    return _SEPARATORS.sub("", str(raw))


def validate_cccd(raw: str) -> str:
    """Return the normalized 12-digit number, or raise :class:`CCCDError`.

    Checks, in this order: only ASCII digits, exactly 12 of them, a known province code.
    The fourth digit needs no check: every digit 0-9 is a valid gender/century code.
    """
    number = normalize_cccd(raw)
    if number and not set(number) <= _ASCII_DIGITS:
        raise CCCDError(CCCDError.DIGITS, "Số CCCD chỉ được chứa chữ số.")
    if len(number) != CCCD_LENGTH:
        raise CCCDError(
            CCCDError.LENGTH,
            f"Số CCCD phải gồm đúng {CCCD_LENGTH} chữ số (nhận được {len(number)}).",
        )
    province = number[:3]
    if province not in PROVINCE_CODES:
        raise CCCDError(
            CCCDError.PROVINCE,
            f"Mã tỉnh '{province}' ở 3 chữ số đầu của số CCCD không hợp lệ.",
        )
    return number


def birth_year_of(cccd: str) -> int:
    """Year of birth encoded in a (valid) number: century from digit 4, year from 5-6."""
    number = validate_cccd(cccd)
    century_code = int(number[3])
    return FIRST_SUPPORTED_YEAR + (century_code // 2) * 100 + int(number[4:6])


def is_male(cccd: str) -> bool:
    """Gender encoded in digit 4: even = male, odd = female."""
    return int(validate_cccd(cccd)[3]) % 2 == 0


def birth_year_matches(cccd: str, year: int) -> bool:
    """Whether ``year`` is the year of birth encoded in the number.

    Raises :class:`CCCDError` if the number itself is invalid.
    """
    return birth_year_of(cccd) == year


def mask_cccd(cccd: str) -> str:
    """Hide all but the last 4 characters: ``"001099012345"`` -> ``"********2345"``.

    Separators are removed first. Inputs of 4 characters or fewer are masked entirely,
    so the result never shows more than 4 characters of the original, nor the whole of it.
    """
    number = normalize_cccd(cccd)
    if len(number) <= 4:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]


def make_cccd(province_code: str, male: bool, birth_year: int, serial: int) -> str:
    """Build a valid number, e.g. ``make_cccd("001", True, 1985, 42) == "001085000042"``.

    ``serial`` (0-999999) becomes the last six digits, zero padded.
    """
    province = str(province_code).strip().zfill(3)
    if province not in PROVINCE_CODES:
        raise CCCDError(
            CCCDError.PROVINCE,
            f"Mã tỉnh '{province_code}' ở 3 chữ số đầu của số CCCD không hợp lệ.",
        )
    if not FIRST_SUPPORTED_YEAR <= birth_year <= LAST_SUPPORTED_YEAR:
        raise CCCDError(
            CCCDError.GENDER_CENTURY,
            f"Năm sinh {birth_year} nằm ngoài khoảng mã hóa được trong số CCCD "
            f"({FIRST_SUPPORTED_YEAR}–{LAST_SUPPORTED_YEAR}).",
        )
    if not 0 <= serial <= 999_999:
        raise ValueError(f"serial must be between 0 and 999999, got {serial}")
    century_code = (birth_year - FIRST_SUPPORTED_YEAR) // 100 * 2 + (0 if male else 1)
    return f"{province}{century_code}{birth_year % 100:02d}{serial:06d}"
