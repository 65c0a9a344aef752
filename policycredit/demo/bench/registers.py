"""``policycredit bench import-hstd --loans N``: write an N-row loan register (HSTD) as the bank
exports it, then import it, timing the import alone.

The file is a CSV (the branch tools' other format; an .xlsx of a million rows takes openpyxl
longer to write than the import takes to read). Its loans are spread over the demo district's
new wards, four programmes and both capital sources, 40 to a group; one in ten has overdue
principal and one in fifty is frozen; nineteen members in twenty have savings (account 105).
Runs in a scratch database (see ``web.scratch``) on the small demo district, which gives the
geography, programmes, sources and users.
"""

import datetime
import os
import resource
import tempfile
import time

from django.db import connection

from policycredit.accounts.models import User
from policycredit.common import bulk, excel
from policycredit.common.selectors import business_date
from policycredit.demo import district
from policycredit.domain.money import format_vnd
from policycredit.registers import services
from policycredit.registers.columns import BY_KEY

KEYS = [
    "office_code", "office_name", "ward_code", "ward_name", "village_name", "point_code",
    "point_name", "point_day", "group_code", "group_name", "org_name", "customer_code",
    "customer_name", "sex", "birth_date", "id_number", "address", "contract",
    "programme_code", "source", "investor_code", "investor_name", "loan_date", "amount",
    "term_months", "rate", "due_date", "principal_in_term", "principal_overdue",
    "principal_frozen", "outstanding", "interest_unpaid", "interest_unpaid_overdue",
    "freeze_expiry", "savings",
]  # fmt: skip
WARDS = [("00256", "Hai Bà Trưng"), ("00292", "Bạch Mai"), ("00283", "Vĩnh Tuy")]
PROGRAMMES = [("HN", "0,66"), ("HCN", "0,69"), ("GQVL", "0,66"), ("NSVS", "0,75")]


def write_register(path: str, n: int, as_of: datetime.date) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = excel.CsvWriter(handle)
        out.writerow([BY_KEY[k].title for k in KEYS])
        for i in range(n):
            ward, ward_name = WARDS[i % len(WARDS)]
            programme, rate = PROGRAMMES[i % len(PROGRAMMES)]
            group = i // 40
            amount = 10_000_000 + (i % 9) * 5_000_000
            loan_date = as_of - datetime.timedelta(days=30 + i % 1000)
            due = loan_date + datetime.timedelta(days=1825)
            overdue = amount // 2 if i % 10 == 3 else 0
            frozen = amount if i % 50 == 7 else 0
            in_term = 0 if frozen else amount - overdue - (i % 4) * 1_000_000
            local = i % 3 == 0
            out.writerow(
                [
                    "PGD-BENCH", "PGD NHCSXH thử tải", ward, f"Phường {ward_name}",
                    f"Tổ dân phố {group % 50 + 1}", f"ĐGD-B-{ward}", f"Điểm giao dịch {ward_name}",
                    10, f"B-{group:06d}", f"Tổ TK&VV số {group}", "Hội Liên hiệp Phụ nữ",
                    f"BK{i:08d}", f"Khách hàng {i}", "Nữ" if i % 2 else "Nam",
                    f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40}",
                    f"001{1 if i % 2 else 0}80{i:06d}", f"Số {i % 200 + 1} phố {ward_name}",
                    f"KU{i:09d}", programme, "2" if local else "1",
                    "NS-HBT" if local else "", "Ngân sách quận" if local else "",
                    f"{loan_date:%d/%m/%Y}", format_vnd(amount, unit=""), 60, rate,
                    f"{due:%d/%m/%Y}", format_vnd(in_term, unit=""), overdue, frozen,
                    format_vnd(in_term + overdue + frozen, unit=""), i % 100_000, 0,
                    "30/06/2027" if frozen else "", format_vnd((i % 20) * 100_000, unit=""),
                ]
            )  # fmt: skip


def run(n: int) -> dict:
    district.build(progress=lambda m: None, households=60, groups_per_point=1, with_loans=False)
    actor = User.objects.get(username="ketoan")
    as_of = business_date() - datetime.timedelta(days=1)
    with tempfile.TemporaryDirectory(prefix="policycredit-hstd-") as folder:
        path = os.path.join(folder, "hstd.csv")
        started = time.perf_counter()
        write_register(path, n, as_of)
        written = time.perf_counter() - started
        size = os.path.getsize(path)
        started = time.perf_counter()
        with bulk.long_pass():
            outcome = services.import_register(
                actor=actor, path=path, file_name="hstd.csv", as_of=as_of
            )
        seconds = time.perf_counter() - started
    return {
        "database": connection.vendor,
        "loans": n,
        "created": outcome.created,
        "file_mb": round(size / 2**20, 1),
        "write_seconds": round(written, 1),
        "seconds": round(seconds, 1),
        "rows_per_second": round(n / seconds) if seconds else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
