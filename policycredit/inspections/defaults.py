"""The score sheet a group inspection (16/TD) starts with, until the office enters the bank's
current one. Both the criteria and the bands are the project's reading of the bank's guidance
on grading savings-and-loan groups as summarised in staff training material; the figures are
unverified and each row says so, so an administrator knows what to confirm."""

import datetime
from decimal import Decimal

VALID_FROM = datetime.date(2015, 1, 1)
SOURCE = "Tài liệu tập huấn nghiệp vụ NHCSXH về chấm điểm Tổ TK&VV (số liệu chưa đối chiếu văn bản)"

# (code, name as the score sheet prints it, most points): 100 points in all. In English: the
# group meets and keeps its rules; the board does its work; interest collected in full; no
# overdue debt; members save through the group; loans used as planned; records in order.
CRITERIA = [
    ("meetings", "Tổ sinh hoạt định kỳ, thực hiện đúng quy ước hoạt động", 15),
    ("board", "Ban quản lý tổ thực hiện đúng nhiệm vụ", 15),
    ("interest", "Thu lãi đầy đủ, kịp thời", 20),
    ("overdue", "Không có nợ quá hạn", 20),
    ("savings", "Tổ viên gửi tiết kiệm thường xuyên qua tổ", 10),
    ("loan_use", "Tổ viên sử dụng vốn vay đúng mục đích", 10),
    ("records", "Hồ sơ, sổ sách của tổ đầy đủ, đúng quy định", 10),
]

# (grade, from % of the points)
BANDS = [
    ("good", Decimal("90")),
    ("fair", Decimal("70")),
    ("average", Decimal("50")),
    ("weak", Decimal("0")),
]


def seed(criterion_model, band_model) -> None:
    for position, (code, name, most) in enumerate(CRITERIA, 1):
        criterion_model.objects.get_or_create(
            valid_from=VALID_FROM,
            code=code,
            defaults={"position": position, "name": name, "max_score": most, "source": SOURCE},
        )
    for grade, from_percent in BANDS:
        band_model.objects.get_or_create(
            valid_from=VALID_FROM,
            grade=grade,
            defaults={"min_percent": from_percent, "source": SOURCE},
        )
