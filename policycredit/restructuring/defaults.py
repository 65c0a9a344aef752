"""The rules an installation starts with: the loss bands of domain.risk.DEFAULT_BANDS and who
decides each measure. Both are rows an administrator changes when a decision does. Written by
the app's migration and again by whoever fills an emptied database (the demo loader, the
tests that commit): `install`."""

import datetime
from decimal import Decimal

from policycredit.domain.risk import DEFAULT_BANDS

BANDS_FROM = datetime.date(2010, 1, 1)
BASIS = "Quy chế xử lý nợ bị rủi ro của NHCSXH (the bank's rules on debts hit by objective risk)"
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
        "Decided by the office director on the credit officer's proposal.",
    ),
    "extension_whole": (
        OFFICE,
        OFFICE,
        "Decided by the office director within the programme's ceiling.",
    ),
    "term_adjustment": (OFFICE, OFFICE, "Decided by the office director."),
    "transfer": (OFFICE, OFFICE, "Decided by the office director after a death or a move."),
    "freeze": (
        PROVINCE,
        GOVERNMENT,
        "Central capital: the provincial branch decides. Local budget money: the entrusting "
        "People's Committee decides; the office director confirms its decision here.",
    ),
    "unfreeze": (PROVINCE, PROVINCE, "The provincial branch that decided the freeze ends it."),
    "write_off": (
        HEAD,
        GOVERNMENT,
        "Central capital: the bank's head office decides. Local budget money: the entrusting "
        "People's Committee decides.",
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
