"""The programmes as published, for seeding a new installation and the demo district.

Figures from the project brief (`shared/brief/domain.md`), which collects the bank's published
terms; the legal basis column names the decision each figure comes from. Rates are % per month.
Only the current versions are seeded, except job creation, whose Decree 338/2025 terms replace
those of Decree 61/2015 on 01/01/2026. Each programme carries the bank's own code, so a fresh
installation reads the bank's register without set-up (`policycredit setup`).
"""

import datetime
from decimal import Decimal

D = datetime.date
POOR_RATE = Decimal("0.55")

# code, bank code (the bank's "Mã chương trình"), name, channel, records_jobs, open for new loans
# The bank's codes: `shared/brief/bank-exports.md`. The programmes after the first nine have no
# terms here yet (the brief does not give them): an administrator records their terms, with the
# legal basis, before their loans are lent or imported; they are closed for new loans until then.
PROGRAMMES = [
    ("HN", "1", "Cho vay hộ nghèo", "entrusted", False, True),
    ("HSSV", "2", "Cho vay học sinh, sinh viên có hoàn cảnh khó khăn", "entrusted", False, True),
    ("GQVL", "3", "Cho vay hỗ trợ tạo việc làm, duy trì và mở rộng việc làm", "entrusted", True,
     True),
    ("XKLD", "4", "Cho vay người lao động đi làm việc ở nước ngoài theo hợp đồng", "entrusted",
     False, True),
    ("NSVS", "6", "Cho vay nước sạch và vệ sinh môi trường nông thôn", "entrusted", False, True),
    ("NOHN", "7", "Cho vay hộ nghèo về nhà ở", "entrusted", False, False),
    ("HMTN", "9", "Cho vay hộ mới thoát nghèo", "entrusted", False, True),
    ("SXKD", "10", "Cho vay hộ gia đình sản xuất, kinh doanh tại vùng khó khăn", "entrusted",
     False, False),
    ("NOXH", "12", "Cho vay nhà ở xã hội", "direct", False, True),
    ("TNVKK", "15", "Cho vay thương nhân hoạt động thương mại tại vùng khó khăn", "direct",
     False, False),
    ("DTTS755", "17", "Cho vay hộ đồng bào dân tộc thiểu số nghèo (Quyết định 755)",
     "entrusted", False, False),
    ("HCN", "19", "Cho vay hộ cận nghèo", "entrusted", False, True),
    ("DTTS2085", "21", "Cho vay hộ dân tộc thiểu số (Quyết định 2085/2016)", "entrusted", False,
     False),
    ("DTMN", "25", "Cho vay vùng đồng bào dân tộc thiểu số và miền núi", "entrusted", False,
     False),
    ("CHPT", "26", "Cho vay người chấp hành xong án phạt tù", "entrusted", False, True),
    ("KHAC", "99", "Cho vay chương trình khác", "entrusted", False, False),
]  # fmt: skip

# code, valid_from, valid_to, monthly rate, max amount, max term (months),
# collateral above, how the rate is set, legal basis
# Job creation also has a ceiling for business establishments and one per job: BUSINESS below.
TERMS = [
    (
        "HN",
        D(2014, 1, 1),
        None,
        POOR_RATE,
        100_000_000,
        120,
        None,
        "",
        "Nghị định 78/2002/NĐ-CP; mức cho vay theo quyết định của HĐQT NHCSXH",
    ),
    (
        "HCN",
        D(2014, 1, 1),
        None,
        Decimal("0.66"),
        100_000_000,
        120,
        None,
        "",
        "Quyết định 15/2013/QĐ-TTg",
    ),
    (
        "HMTN",
        D(2014, 1, 1),
        None,
        Decimal("0.6875"),
        100_000_000,
        120,
        None,
        "125% lãi suất cho vay hộ nghèo",
        "Quyết định 28/2015/QĐ-TTg",
    ),
    (
        "GQVL",
        D(2014, 1, 1),
        D(2025, 12, 31),
        Decimal("0.66"),
        100_000_000,
        120,
        100_000_000,
        "Bằng lãi suất cho vay hộ cận nghèo; cơ sở SXKD tối đa 2 tỷ, 100 triệu/lao động",
        "Nghị định 61/2015/NĐ-CP, sửa đổi bởi Nghị định 74/2019/NĐ-CP",
    ),
    (
        "GQVL",
        D(2026, 1, 1),
        None,
        Decimal("0.6985"),
        200_000_000,
        120,
        200_000_000,
        "127% lãi suất cho vay hộ nghèo (bằng lãi suất hộ nghèo cho đối tượng ưu tiên); "
        "cơ sở SXKD tối đa 10 tỷ, 200 triệu/lao động",
        "Nghị định 338/2025/NĐ-CP (Luật Việc làm 2025)",
    ),
    (
        "HSSV",
        D(2014, 1, 1),
        None,
        POOR_RATE,
        4_000_000,
        None,
        None,
        "Mức vay là 4 triệu đồng mỗi tháng học; trả nợ từ 12 tháng sau khi ra trường",
        "Quyết định 157/2007/QĐ-TTg",
    ),
    (
        "NSVS",
        D(2014, 1, 1),
        None,
        Decimal("0.75"),
        25_000_000,
        60,
        None,
        "9%/năm; 25 triệu đồng cho mỗi loại công trình",
        "Quyết định 62/2004/QĐ-TTg",
    ),
    (
        "NOXH",
        D(2025, 10, 1),
        None,
        Decimal("0.45"),
        None,
        300,
        0,
        "5,4%/năm; mức vay theo giá nhà, có tài sản bảo đảm",
        "Nghị định 100/2024/NĐ-CP",
    ),
    (
        "CHPT",
        D(2014, 1, 1),
        None,
        POOR_RATE,
        100_000_000,
        None,
        None,
        "Bằng lãi suất cho vay hộ nghèo",
        "Quyết định 22/2023/QĐ-TTg",
    ),
    (
        "XKLD",
        D(2014, 1, 1),
        None,
        POOR_RATE,
        None,
        None,
        None,
        "Bằng lãi suất cho vay hộ nghèo; tối đa 100% chi phí theo hợp đồng; thời hạn theo hợp đồng",
        "Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng 2020",
    ),
]

# Job creation: (code, valid_from) -> (maximum to a business establishment, maximum per job).
BUSINESS = {
    ("GQVL", D(2014, 1, 1)): (2_000_000_000, 100_000_000),
    ("GQVL", D(2026, 1, 1)): (10_000_000_000, 200_000_000),
}
