"""The rates, bands and shares a new database starts with (from the brief; unverified).

Read by the data migration and by :func:`load_defaults` (a flushed test database). The
commission rate is a demo figure: the brief publishes none for ordinary programmes, so the
system ships 8 % of the interest a group collects, labelled as such on the rate itself.
"""

import datetime
from decimal import Decimal

from policycredit.domain.fees import DEFAULT_BANDS, DEFAULT_SHARES
from policycredit.fees.models import FeeRate, LevelShare, QualityBand

VALID_FROM = datetime.date(2014, 1, 1)
BASIS = "Tài liệu tập huấn nghiệp vụ NHCSXH (số liệu chưa đối chiếu văn bản)"
# Data an office reads as written, so in Vietnamese like the basis above (not gettext).
DEMO_NOTE = "Số liệu minh họa, chưa được công bố: hãy thay bằng quyết định của ngân hàng."

# kind, rate on balance, rate on interest, rate on savings, legal basis, note
RATES = [
    ("entrustment_fee", Decimal("0.032"), Decimal(0), Decimal(0), BASIS, ""),
    ("commission", Decimal(0), Decimal(8), Decimal(0), "", DEMO_NOTE),
]
BANDS = [(band.ratio_from, band.factor) for band in DEFAULT_BANDS]
SHARES = list(DEFAULT_SHARES)


def seed(FeeRate, QualityBand, LevelShare) -> int:
    """Put the defaults in place where nothing of their kind exists yet (models are passed in,
    so a migration can hand over its historical ones). Returns the rows written."""
    written = 0
    for kind, on_balance, on_interest, on_savings, basis, note in RATES:
        if not FeeRate.objects.filter(kind=kind).exists():
            FeeRate.objects.create(
                kind=kind,
                valid_from=VALID_FROM,
                rate_on_balance=on_balance,
                rate_on_interest=on_interest,
                rate_on_savings=on_savings,
                legal_basis=basis,
                note=note,
            )
            written += 1
    if not QualityBand.objects.exists():
        QualityBand.objects.bulk_create(
            [
                QualityBand(
                    valid_from=VALID_FROM,
                    overdue_ratio_from=start,
                    factor=factor,
                    legal_basis=BASIS,
                )
                for start, factor in BANDS
            ]
        )
        written += len(BANDS)
    if not LevelShare.objects.exists():
        LevelShare.objects.bulk_create(
            [
                LevelShare(valid_from=VALID_FROM, level=level, share=share, legal_basis=BASIS)
                for level, share in SHARES
            ]
        )
        written += len(SHARES)
    return written


def load_defaults() -> int:

    return seed(FeeRate, QualityBand, LevelShare)
