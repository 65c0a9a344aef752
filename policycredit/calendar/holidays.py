"""The public holidays a new database starts with, 2024–2027, each with its source.

Statutory holidays: Labour Code 2019 (Bộ luật Lao động số 45/2019/QH14), art. 112(1): New
Year's Day 1/1; five days of Tết; Hùng Kings' day 10/3 of the lunar calendar; 30/4; 1/5; and
National Day 2/9 with one day next to it. A holiday on a weekly day off gives a day off in lieu
on the next working day (art. 111(3)). Each year the Ministry (of Labour, Invalids and Social
Affairs until February 2025, of Home Affairs since) announces which days the public service
takes off for Tết and National Day, and the Government may swap a working day to join two
breaks; the public service then works one Saturday (not modelled: a Saturday is never a
working day here).

Rows whose date no published notice confirmed say "chưa đối chiếu" (not checked) in their legal
basis: 2026's second National Day, and the 2027 dates that wait for the 2027 notice.
"""

import datetime

D = datetime.date

LAW = "Bộ luật Lao động 2019, Điều 112 khoản 1"
IN_LIEU = "Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần)"
LUNAR = "ngày dương lịch quy đổi theo âm lịch Việt Nam"
NOTICE_2024 = "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ Lao động – Thương binh và Xã hội"
SWAP = "hoán đổi ngày làm việc, làm bù thứ Bảy"
SWAP_2024 = f"Công văn 2450/VPCP-KGVX ngày 12/4/2024 ({SWAP} 04/05/2024)"
NOTICE_2025 = (
    "Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-LĐTBXH năm 2024 của "
    "Bộ Lao động – Thương binh và Xã hội"
)
SWAP_2025 = f"{NOTICE_2025} ({SWAP} 26/04/2025)"
NOTICE_2026 = "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"
SWAP_2026 = f"Công văn 12729/VPCP-KGVX ngày 25/12/2025 ({SWAP} 10/01/2026)"
NO_NOTICE_2027 = "chưa có thông báo năm 2027, chưa đối chiếu"

NEW_YEAR = "Tết Dương lịch"
HUNG_KINGS = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
VICTORY = "Ngày Chiến thắng (30/4)"
LABOUR = "Ngày Quốc tế Lao động (1/5)"
NATIONAL = "Quốc khánh (2/9)"
NATIONAL_NEXT = "Quốc khánh (ngày liền kề)"


def _tet(year_name: str, first: datetime.date, count: int, basis: str) -> list:
    return [
        (first + datetime.timedelta(days=i), f"Tết Nguyên đán {year_name}", basis)
        for i in range(count)
    ]


def _in_lieu(day: datetime.date, of: str, basis: str) -> tuple:
    return (day, f"Nghỉ bù {of}", basis)


def _swapped(day: datetime.date, basis: str) -> tuple:
    return (day, "Nghỉ hoán đổi ngày làm việc", basis)


HOLIDAYS = [
    # 2024
    (D(2024, 1, 1), NEW_YEAR, f"{LAW} điểm a"),
    # 08/02 (29 tháng Chạp Quý Mão) to 12/02 (mùng 3): five days of Tết, two on a weekend.
    *_tet("Giáp Thìn", D(2024, 2, 8), 5, f"{LAW} điểm b; {NOTICE_2024}"),
    _in_lieu(D(2024, 2, 13), "Tết Nguyên đán Giáp Thìn", f"{IN_LIEU}; {NOTICE_2024}"),
    _in_lieu(D(2024, 2, 14), "Tết Nguyên đán Giáp Thìn", f"{IN_LIEU}; {NOTICE_2024}"),
    (D(2024, 4, 18), HUNG_KINGS, f"{LAW} điểm e; {LUNAR} (10/3 Giáp Thìn)"),
    _swapped(D(2024, 4, 29), SWAP_2024),
    (D(2024, 4, 30), VICTORY, f"{LAW} điểm c"),
    (D(2024, 5, 1), LABOUR, f"{LAW} điểm d"),
    (D(2024, 9, 2), NATIONAL, f"{LAW} điểm đ; {NOTICE_2024}"),
    (D(2024, 9, 3), NATIONAL_NEXT, f"{LAW} điểm đ; {NOTICE_2024}"),
    # 2025
    (D(2025, 1, 1), NEW_YEAR, f"{LAW} điểm a"),
    # 27/01 (28 tháng Chạp Giáp Thìn) to 31/01 (mùng 3), inside the break of 25/01–02/02.
    *_tet("Ất Tỵ", D(2025, 1, 27), 5, f"{LAW} điểm b; {NOTICE_2025}"),
    (D(2025, 4, 7), HUNG_KINGS, f"{LAW} điểm e; {LUNAR} (10/3 Ất Tỵ)"),
    (D(2025, 4, 30), VICTORY, f"{LAW} điểm c"),
    (D(2025, 5, 1), LABOUR, f"{LAW} điểm d"),
    _swapped(D(2025, 5, 2), SWAP_2025),
    (D(2025, 9, 1), NATIONAL_NEXT, f"{LAW} điểm đ; {NOTICE_2025}"),
    (D(2025, 9, 2), NATIONAL, f"{LAW} điểm đ; {NOTICE_2025}"),
    # 2026
    (D(2026, 1, 1), NEW_YEAR, f"{LAW} điểm a"),
    _swapped(D(2026, 1, 2), SWAP_2026),
    # 16/02 (29 tháng Chạp Ất Tỵ) to 20/02 (mùng 4 Bính Ngọ).
    *_tet("Bính Ngọ", D(2026, 2, 16), 5, f"{LAW} điểm b; {NOTICE_2026}"),
    (D(2026, 4, 26), HUNG_KINGS, f"{LAW} điểm e; {LUNAR} (10/3 Bính Ngọ, Chủ nhật)"),
    _in_lieu(D(2026, 4, 27), "Giỗ Tổ Hùng Vương", IN_LIEU),
    (D(2026, 4, 30), VICTORY, f"{LAW} điểm c"),
    (D(2026, 5, 1), LABOUR, f"{LAW} điểm d"),
    (
        D(2026, 9, 1),
        NATIONAL_NEXT,
        f"{LAW} điểm đ; ngày liền kề theo {NOTICE_2026}: chưa đối chiếu (1/9 hay 3/9)",
    ),
    (D(2026, 9, 2), NATIONAL, f"{LAW} điểm đ"),
    # 2027: only the statute's dates are certain.
    (D(2027, 1, 1), NEW_YEAR, f"{LAW} điểm a; {NO_NOTICE_2027} (có thể hoán đổi)"),
    # Tết Đinh Mùi falls on Saturday 06/02/2027, as Tết Giáp Thìn did on Saturday 10/02/2024;
    # the days are estimated on 2024's layout: 04/02 (28 tháng Chạp) to 10/02/2027.
    *_tet(
        "Đinh Mùi",
        D(2027, 2, 4),
        5,
        f"{LAW} điểm b; ước tính theo cách bố trí năm 2024; {NO_NOTICE_2027}",
    ),
    _in_lieu(D(2027, 2, 9), "Tết Nguyên đán Đinh Mùi", f"{IN_LIEU}; ước tính; {NO_NOTICE_2027}"),
    _in_lieu(D(2027, 2, 10), "Tết Nguyên đán Đinh Mùi", f"{IN_LIEU}; ước tính; {NO_NOTICE_2027}"),
    (D(2027, 4, 16), HUNG_KINGS, f"{LAW} điểm e; {LUNAR} (10/3 Đinh Mùi); {NO_NOTICE_2027}"),
    (D(2027, 4, 30), VICTORY, f"{LAW} điểm c"),
    (D(2027, 5, 1), LABOUR, f"{LAW} điểm d (thứ Bảy)"),
    _in_lieu(D(2027, 5, 3), "Ngày Quốc tế Lao động", f"{IN_LIEU}; {NO_NOTICE_2027}"),
    (D(2027, 9, 2), NATIONAL, f"{LAW} điểm đ"),
    (D(2027, 9, 3), NATIONAL_NEXT, f"{LAW} điểm đ; ngày liền kề: {NO_NOTICE_2027} (1/9 hay 3/9)"),
]


def seed(Holiday) -> int:
    """Put in the seeded holidays whose date has no row yet (the model is passed in, so a
    migration can hand over its historical one). Returns the rows written."""
    have = set(Holiday.objects.values_list("date", flat=True))
    missing = [
        Holiday(date=day, name=name, legal_basis=basis)
        for day, name, basis in HOLIDAYS
        if day not in have
    ]
    Holiday.objects.bulk_create(missing)
    return len(missing)
