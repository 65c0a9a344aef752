"""The use of interest earned on local money that an installation starts with, until the
administrator enters the rule its province decided.

No public text was found that fixes these shares for every province: each province's People's
Committee decides the use of the interest on its own budget's money entrusted to the bank
(management costs of the bank and the partners, a risk provision, the rest added to the
entrusted capital). The figures below are an example, unverified, and each row says so, so an
administrator knows what to replace."""

import datetime
from decimal import Decimal

VALID_FROM = datetime.date(2014, 1, 1)
SOURCE = (
    "Ví dụ, chưa đối chiếu văn bản: tỷ lệ do UBND cấp tỉnh quyết định cho nguồn vốn ngân sách "
    "địa phương ủy thác qua NHCSXH"
)

# (use, share in %): 100 % in all.
SHARES = [
    ("capital", Decimal("30")),
    ("risk", Decimal("20")),
    ("management", Decimal("50")),
]


def seed(rule_model) -> None:
    for use, share in SHARES:
        rule_model.objects.get_or_create(
            valid_from=VALID_FROM, use=use, defaults={"share": share, "source": SOURCE}
        )
