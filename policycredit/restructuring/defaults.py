"""The rules an installation starts with: the loss bands of domain.risk.DEFAULT_BANDS and who
decides each measure. Both are rows an administrator changes when a decision does. Written by
the app's migration and again by whoever fills an emptied database (the demo loader, the
tests that commit): `install`."""

import datetime
from decimal import Decimal

from policycredit.domain.risk import DEFAULT_BANDS

BANDS_FROM = datetime.date(2010, 1, 1)
# Rules as data are read by the office as they are written: in Vietnamese, like the bank's own
# documents (the words of the interface are gettext; these are not).
BASIS = "Quy chế xử lý nợ bị rủi ro trong hệ thống NHCSXH"
# The top band alone allows a write-off by decision (domain.md, loan life §5).
BANDS = [
    (band.lower, band.upper, band.action, band.max_months, band.upper == Decimal(100))
    for band in DEFAULT_BANDS
]

OFFICE, PROVINCE, HEAD, GOVERNMENT = "office", "province", "head_office", "government"
# measure: (central capital, local budget, note shown beside the rule).
RULES = {
    "extension": (
        OFFICE,
        OFFICE,
        "Giám đốc phòng giao dịch quyết định theo đề xuất của cán bộ tín dụng.",
    ),
    "extension_whole": (
        OFFICE,
        OFFICE,
        "Giám đốc phòng giao dịch quyết định trong mức trần của chương trình.",
    ),
    "term_adjustment": (OFFICE, OFFICE, "Giám đốc phòng giao dịch quyết định."),
    "transfer": (
        OFFICE,
        OFFICE,
        "Giám đốc phòng giao dịch quyết định khi người vay qua đời hoặc chuyển đi nơi khác.",
    ),
    "freeze": (
        PROVINCE,
        GOVERNMENT,
        "Vốn trung ương: Chi nhánh NHCSXH tỉnh quyết định. Vốn ngân sách địa phương: UBND cấp "
        "ủy thác quyết định; giám đốc phòng giao dịch xác nhận quyết định đó trên hệ thống.",
    ),
    "unfreeze": (
        PROVINCE,
        PROVINCE,
        "Chi nhánh NHCSXH tỉnh đã quyết định khoanh nợ thì quyết định chấm dứt khoanh nợ.",
    ),
    "write_off": (
        HEAD,
        GOVERNMENT,
        "Vốn trung ương: Hội sở chính NHCSXH quyết định. Vốn ngân sách địa phương: UBND cấp "
        "ủy thác quyết định.",
    ),
}


def install(LossBand, ApprovalRule) -> None:
    """The defaults, where no row says otherwise (the models given: a migration's or the app's)."""
    for lower, upper, measure, months, write_off in BANDS:
        LossBand.objects.get_or_create(
            effective_from=BANDS_FROM,
            lower=lower,
            defaults={
                "upper": upper,
                "measure": measure,
                "max_months": months,
                "write_off_allowed": write_off,
                "legal_basis": BASIS,
            },
        )
    for measure, (central, local, note) in RULES.items():
        for kind, level in (("central", central), ("local", local)):
            ApprovalRule.objects.get_or_create(
                measure=measure, source_kind=kind, defaults={"level": level, "note": note}
            )
