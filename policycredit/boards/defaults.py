"""The levels at which Boards of Representatives exist, and their dates (docs/domain/boards.md).

- Central, province and district boards from 04/10/2002: Decree 78/2002/NĐ-CP (credit for
  the poor and other policy beneficiaries) and Decision 131/2002/QĐ-TTg founding the bank, whose
  charter provides the boards of representatives at province and district level.
- District boards end on 30/06/2025: local government runs in two tiers from 01/07/2025
  (Law on the Organisation of Local Government 2025; Resolution 202/2025/QH15 and the
  Standing Committee's resolutions on the units), and districts with it; which act of the
  bank's Board of Directors dissolved the district boards was not verified.
"""

import datetime

DECREE_78 = "Nghị định 78/2002/NĐ-CP; Quyết định 131/2002/QĐ-TTg (thành lập NHCSXH)"
TWO_TIER = "Chính quyền địa phương hai cấp từ 01/07/2025 (Luật Tổ chức chính quyền địa phương 2025)"
FOUNDED = datetime.date(2002, 10, 4)
LAST_DISTRICT_DAY = datetime.date(2025, 6, 30)

PERIODS = [
    ("central", FOUNDED, None, DECREE_78),
    ("province", FOUNDED, None, DECREE_78),
    ("district", FOUNDED, LAST_DISTRICT_DAY, f"{DECREE_78}; {TWO_TIER}"),
]


def seed(level_model) -> None:
    """Install the published levels (the migration, and a test database emptied since)."""
    for level, start, end, basis in PERIODS:
        level_model.objects.get_or_create(
            level=level, valid_from=start, defaults={"valid_to": end, "legal_basis": basis}
        )
