"""Administrative geography of Hai Bà Trưng district (Hà Nội), 2014 to after the 2025 reform.

Data for the demo district generator. Pure Python, no Django.

Codes are the General Statistics Office administrative unit codes (mã đơn vị hành chính,
Decision 124/2004/QĐ-TTg and its updates): Hà Nội 01, Quận Hai Bà Trưng 007, wards five
digits. The old ward codes (00241-00298, step 3) and the codes of the wards created on
1 July 2025 (list issued with Decision 19/2025/QĐ-TTg) agree across independent published
copies of the GSO lists; they are facts, not invented. A new 2025 ward reuses the code of the
old ward whose office became its seat (e.g. Hai Bà Trưng 00256 = old Lê Đại Hành, where the
district People's Committee sat).

History actually seen by a demo that starts in 2014:

* 2014: 20 wards (codes 00241-00298).
* Resolution 895/NQ-UBTVQH14 (11/02/2020; effective 01/03/2020 as far as we know):
  Bùi Thị Xuân merged into Nguyễn Du; Ngô Thì Nhậm split, a small strip of Phố Huế going to
  Nguyễn Du and the rest to Phạm Đình Hổ. 18 wards remain. (Quỳnh Lôi was *not* merged in
  2020; it lasted until the end of 2024.) -> ``MERGED_2020``.
* Resolution 1286/NQ-UBTVQH15 (14/11/2024, effective 01/01/2025), the Hanoi 2023-2025
  round: Quỳnh Lôi merged with Bạch Mai (the enlarged Bạch Mai took code 00292, previously
  Quỳnh Lôi's), Đống Mác into Đồng Nhân, Cầu Dền split between Thanh Nhàn and Bách Khoa.
  15 wards remain on 30/06/2025. -> ``MERGED_2025_JAN``, ``CODE_CHANGES``.
* Resolution 1656/NQ-UBTVQH15 (16/06/2025, effective 01/07/2025): districts abolished; the
  15 wards went, whole or in pieces, into the new wards Hai Bà Trưng, Bạch Mai, Vĩnh Tuy
  (mostly former HBT) and Cửa Nam, Hồng Hà, Vĩnh Hưng, Tương Mai (mostly other districts).
  -> ``NEW_WARDS``, ``SUCCESSION``.

``OLD_WARDS`` lists the 18 wards that existed from 2020 to the end of 2024 (the three merged
on 01/01/2025 carry an ``until`` date); the 15 still existing on 30/06/2025 have
``until=None``. ``since`` is None for every ward: all existed before 2014 (enlargements kept
the unit and its code).

What ``SUCCESSION`` is sure of, and what is approximate:

* Sure (text of Resolution 1656 as published in the press): which new ward received each
  old ward whole, "most of" (phần lớn) or "part of" (một phần) it, for Hai Bà Trưng, Bạch
  Mai, Vĩnh Tuy, Cửa Nam, Hồng Hà and Vĩnh Hưng.
* Approximate: the make-up of the new Tương Mai ward was not checked. We assume it took the
  rest of Trương Định (most of that ward), of Đồng Tâm and of Minh Khai, since those wards
  only partly went to Bạch Mai and lie south of Đại La / Minh Khai streets.
* Approximate: for Thanh Lương the press gives "most of it" both to Vĩnh Tuy and to Hồng Hà
  (Vĩnh Tuy has most of the people, Hồng Hà most of the riverside land); primary = Vĩnh Tuy.
* ``primary`` (where the old ward office, hence the bank's transaction point, now lies) is
  taken as the new ward that received the old ward whole or "most of" it, except Bạch Đằng,
  whose office is kept by Hồng Hà as a working point. Offices were not individually checked.
* The rows for Cầu Dền, Đống Mác and Quỳnh Lôi (gone on 01/01/2025) are composed through
  their 2025 successors; Cầu Dền's primary 2025-01 successor (Thanh Nhàn) is a guess.
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = [
    "CODE_CHANGES",
    "DISTRICT",
    "HISTORY_START",
    "MERGED_2020",
    "MERGED_2025_JAN",
    "MERGE_2020_DATE",
    "MERGE_2025_JAN_DATE",
    "NEW_WARDS",
    "OLD_WARDS",
    "PROVINCE",
    "REFORM_DATE",
]

PROVINCE = ("01", "Thành phố Hà Nội")
DISTRICT = ("007", "Quận Hai Bà Trưng")

HISTORY_START = date(2014, 1, 1)
MERGE_2020_DATE = date(2020, 3, 1)  # Resolution 895/NQ-UBTVQH14; effective date not re-checked
MERGE_2025_JAN_DATE = date(2025, 1, 1)  # Resolution 1286/NQ-UBTVQH15
REFORM_DATE = date(2025, 7, 1)  # Resolution 1656/NQ-UBTVQH15

_LAST_DAY_BEFORE_2020_MERGE = MERGE_2020_DATE - timedelta(days=1)
_LAST_DAY_2024 = MERGE_2025_JAN_DATE - timedelta(days=1)


def _ward(code: str, name: str, until: date | None = None) -> dict:
    return {
        "code": code,
        "name": name,
        "full_name": f"Phường {name}",
        "since": None,
        "until": until,
    }


# The 18 wards of 2020-2024, in GSO order. Source: GSO list of administrative units.
OLD_WARDS: list[dict] = [
    _ward("00241", "Nguyễn Du"),
    _ward("00244", "Bạch Đằng"),
    _ward("00247", "Phạm Đình Hổ"),
    _ward("00256", "Lê Đại Hành"),
    _ward("00259", "Đồng Nhân"),
    _ward("00262", "Phố Huế"),
    _ward("00265", "Đống Mác", until=_LAST_DAY_2024),
    _ward("00268", "Thanh Lương"),
    _ward("00271", "Thanh Nhàn"),
    _ward("00274", "Cầu Dền", until=_LAST_DAY_2024),
    _ward("00277", "Bách Khoa"),
    _ward("00280", "Đồng Tâm"),
    _ward("00283", "Vĩnh Tuy"),
    _ward("00286", "Bạch Mai"),  # 00292 from 01/01/2025, see CODE_CHANGES
    _ward("00289", "Quỳnh Mai"),
    _ward("00292", "Quỳnh Lôi", until=_LAST_DAY_2024),
    _ward("00295", "Minh Khai"),
    _ward("00298", "Trương Định"),
]

# (ward name, new code, from date). Bạch Mai enlarged by Quỳnh Lôi took Quỳnh Lôi's code.
CODE_CHANGES: list[tuple[str, str, date]] = [
    ("Bạch Mai", "00292", MERGE_2025_JAN_DATE),
]

# Wards merged away on MERGE_2020_DATE (Resolution 895/NQ-UBTVQH14).
# "successor" received the ward's office (primary); "other_successors" took a part.
MERGED_2020: list[dict] = [
    {
        "code": "00250",
        "name": "Bùi Thị Xuân",
        "full_name": "Phường Bùi Thị Xuân",
        "until": _LAST_DAY_BEFORE_2020_MERGE,
        "successor": "Nguyễn Du",
        "other_successors": (),
    },
    {
        "code": "00253",
        "name": "Ngô Thì Nhậm",
        "full_name": "Phường Ngô Thì Nhậm",
        "until": _LAST_DAY_BEFORE_2020_MERGE,
        "successor": "Phạm Đình Hổ",
        "other_successors": ("Nguyễn Du",),  # the strip of phố Huế (about 640 people)
    },
]

# Wards merged away on MERGE_2025_JAN_DATE (Resolution 1286/NQ-UBTVQH15).
MERGED_2025_JAN: list[dict] = [
    {
        "code": "00265",
        "name": "Đống Mác",
        "full_name": "Phường Đống Mác",
        "until": _LAST_DAY_2024,
        "successor": "Đồng Nhân",
        "other_successors": (),
    },
    {
        "code": "00274",
        "name": "Cầu Dền",
        "full_name": "Phường Cầu Dền",
        "until": _LAST_DAY_2024,
        "successor": "Thanh Nhàn",  # which half kept the office is a guess
        "other_successors": ("Bách Khoa",),
    },
    {
        "code": "00292",
        "name": "Quỳnh Lôi",
        "full_name": "Phường Quỳnh Lôi",
        "until": _LAST_DAY_2024,
        "successor": "Bạch Mai",
        "other_successors": (),
    },
]


def _new(code: str, name: str, mainly_former_hbt: bool, seat_old_ward: str) -> dict:
    return {
        "code": code,
        "name": name,
        "full_name": f"Phường {name}",
        "since": REFORM_DATE,
        "until": None,
        "mainly_former_hbt": mainly_former_hbt,
        # old ward (any district) whose GSO code the new ward reuses
        "code_from_old_ward": seat_old_ward,
    }


# New wards (from 01/07/2025, directly under Thành phố Hà Nội) that took any part of former
# Hai Bà Trưng. Codes: GSO list of 2025 (Decision 19/2025/QĐ-TTg).
NEW_WARDS: list[dict] = [
    _new("00256", "Hai Bà Trưng", True, "Lê Đại Hành"),
    _new("00292", "Bạch Mai", True, "Bạch Mai"),
    _new("00283", "Vĩnh Tuy", True, "Vĩnh Tuy"),
    _new("00082", "Cửa Nam", False, "Trần Hưng Đạo (Hoàn Kiếm)"),
    _new("00097", "Hồng Hà", False, "Tứ Liên (Tây Hồ)"),
    _new("00301", "Vĩnh Hưng", False, "Thanh Trì (Hoàng Mai)"),
    _new("00322", "Tương Mai", False, "Hoàng Văn Thụ (Hoàng Mai)"),
    _new("00226", "Văn Miếu - Quốc Tử Giám", False, "Phương Liên Trung Tự (Đống Đa)"),
    _new("00328", "Lĩnh Nam", False, "Lĩnh Nam (Hoàng Mai)"),
]
