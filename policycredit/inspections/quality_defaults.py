"""The quality scales a new database starts with, until the office enters the bank's own.

Groups keep the classes the reports used before the scales were data (nothing overdue, under
2 %, under 5 %, the rest), so every figure already reported stays as it was. Organisation
units are graded on the bands the entrustment fee pays by (`fees.QualityBand`: under 2 % full
fee, 2–3 % 80 %, 3–4 % 50 %, 4 % or more nothing). Points on their loans' overdue ratio like
the groups and on the sessions not held on their day. None of these is published in a text the
project could check: each row says so in its note, so an administrator knows what to confirm.

Read by the data migration (historical models handed in) and by `load_defaults` (a flushed
test database, the demo).
"""

import datetime
from decimal import Decimal

from policycredit.inspections.models import QualityRule

VALID_FROM = datetime.date(2014, 1, 1)

# Data an office reads as written, so in Vietnamese (not gettext), as the other rule tables.
AS_BEFORE = (
    "Phân loại tổ theo tỷ lệ nợ quá hạn như hệ thống vẫn dùng; chưa đối chiếu văn bản NHCSXH"
)
AS_FEE = "Theo các mức chất lượng của phí ủy thác (tài liệu tập huấn, chưa đối chiếu văn bản)"
UNVERIFIED = "Mức do hệ thống đặt, chưa đối chiếu văn bản NHCSXH: hãy thay bằng quy định"

# subject -> [(grade, overdue under %, sessions missed at most, 16/TD grade at least)], best
# first; the last band has no threshold.
SCALES = {
    "group": [
        ("good", Decimal("0"), None, ""),
        ("fair", Decimal("2"), None, ""),
        ("average", Decimal("5"), None, ""),
        ("weak", None, None, ""),
    ],
    "point": [
        ("good", Decimal("2"), 0, ""),
        ("fair", Decimal("3"), 1, ""),
        ("average", Decimal("5"), 2, ""),
        ("weak", None, None, ""),
    ],
    "organisation": [
        ("good", Decimal("2"), None, ""),
        ("fair", Decimal("3"), None, ""),
        ("average", Decimal("4"), None, ""),
        ("weak", None, None, ""),
    ],
}
NOTES = {"group": AS_BEFORE, "point": UNVERIFIED, "organisation": AS_FEE}


def seed(model) -> int:
    """Put each subject's scale in place where that subject has none yet; the rows written."""
    written = 0
    for subject, bands in SCALES.items():
        if model.objects.filter(subject=subject).exists():
            continue
        model.objects.bulk_create(
            [
                model(
                    subject=subject,
                    valid_from=VALID_FROM,
                    grade=grade,
                    overdue_below=below,
                    missed_at_most=missed,
                    inspection_at_least=inspection,
                    note=NOTES[subject],
                )
                for grade, below, missed, inspection in bands
            ]
        )
        written += len(bands)
    return written


def load_defaults() -> int:
    return seed(QualityRule)
