"""Day one at a branch anywhere in the country: a fresh installation (migrate, `setup`, one
administrator, no demo) takes the bank's own register file.

The file is laid out as a branch downloads it from the core system (sheet "BCQUERY", four
title rows with the data date, the header on row 5, a first column that only numbers the rows,
a "Ngày số liệu" column, programme codes as the bank's numbers, a local-budget loan naming its
budget by "Mã nhà đầu tư", the entrusted units as the bank names them). It holds two offices of
Nghệ An, with real commune codes of two of its former districts read from the national data,
exported on 31/10/2026: after the July 2025 reform, so each commune's households belong to the
commune it went into.

Each step runs as the operator would run it, as a command in a database of its own (a
temporary SQLite file, or a scratch PostgreSQL database beside the suite's), which starts as the
suite's own just migrated (conftest.py's `migrated_database`).
"""

import datetime
import json
import os
import sqlite3
import subprocess
import sys

import openpyxl
import pytest

from policycredit.geo import national

AS_OF = datetime.date(2026, 10, 31)
PROVINCE = "40"  # Nghệ An
HEADER = [
    "STT", "Ngày số liệu", "Mã CN", "Mã PGD", "Tên PGD", "Mã xã", "Tên xã", "Mã thôn",
    "Tên thôn", "Mã điểm giao dịch", "Tên điểm giao dịch", "Mã tổ", "Tên tổ", "Mã ĐVUT",
    "Tên ĐVUT", "Mã KH", "Tên KH", "Giới tính", "Ngày sinh", "Số CMND", "Địa chỉ",
    "Số khế ước", "Mã chương trình", "Nguồn vốn", "PL NV", "Mã nhà đầu tư", "Tên nhà đầu tư",
    "Ngày vay", "Mức vay", "Thời hạn vay", "Lãi suất", "Ngày ĐH theo hợp đồng",
    "Dư nợ trong hạn", "Dư nợ quá hạn", "Dư nợ khoanh", "Tổng dư nợ", "Lãi tồn TH", "Lãi tồn QH",
    "Số dư tiền gửi 105",
]  # fmt: skip
ORGANISATIONS = [("HND", "Hội nông dân"), ("HPN", "Hội liên hiệp phụ nữ"),
                 ("CCB", "Hội cựu chiến binh"), ("DTN", "Đoàn thanh niên")]  # fmt: skip
PROGRAMMES = [(1, 0.55, 50_000_000), (19, 0.66, 60_000_000), (3, 0.66, 80_000_000)]


def _communes() -> dict[str, list[tuple]]:
    """Two former districts of the province, three communes each, from the national data."""
    with sqlite3.connect(national._folder() / "dataset.db") as db:
        rows = db.execute(
            "SELECT districtCode, district, wardCode, ward FROM admin_units_legacy "
            "WHERE provinceCode = ? AND wardCode <> '' ORDER BY districtCode, wardCode",
            [PROVINCE],
        ).fetchall()
    found: dict[str, list[tuple]] = {}
    for district, district_name, code, name in rows:
        found.setdefault((district, district_name), []).append((code, name))
    return {key: wards[:3] for key, wards in list(found.items())[:2]}


def _register(path) -> dict:
    """The workbook, and what it holds by office: outstanding, loans."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "BCQUERY"
    sheet.append(["NGÂN HÀNG CHÍNH SÁCH XÃ HỘI"])
    sheet.append(["Chi nhánh NHCSXH tỉnh Nghệ An"])
    sheet.append(["BÁO CÁO HỒ SƠ TÍN DỤNG"])
    sheet.append([f"Ngày số liệu: {AS_OF:%d/%m/%Y}"])
    sheet.append(HEADER)
    totals: dict[str, dict] = {}
    n = 0
    for o, ((_district, district_name), communes) in enumerate(_communes().items()):
        office = f"4060{o + 1}"
        office_total = totals.setdefault(office, {"outstanding": 0, "loans": 0})
        for c, (code, name) in enumerate(communes):
            for k in range(2):
                n += 1
                number, rate, amount = PROGRAMMES[(c + k) % 3]
                overdue = 5_000_000 if (c, k) == (1, 1) else 0
                in_term = amount - 10_000_000 - overdue
                local = (c, k) == (2, 0)
                org_code, org_name = ORGANISATIONS[(c + o) % 4]
                cells = [
                    n, f"{AS_OF:%d/%m/%Y}", "4000", office, f"PGD NHCSXH {district_name}", code,
                    name, f"T{c}", f"Xóm {c + 1}", f"DGD-{code}", f"Điểm giao dịch {name}",
                    f"{office}-{code}-T{k}", f"Tổ TK&VV xóm {c + 1}", f"{org_code}{code}",
                    org_name, f"KH{n:05d}", f"Nguyễn Thị {chr(65 + n)}", "Nữ", "12/03/1980",
                    f"0401800{n:05d}", f"Xóm {c + 1}, {name}", f"KU{office}{n:04d}", number,
                    2 if local else 1, 1, "INV0802140002662" if local else "",
                    "Ngân sách tỉnh Nghệ An" if local else "", "15/02/2024", amount, 60, rate,
                    "15/02/2029", in_term, overdue, 0, in_term + overdue, 120_000, 0, 300_000,
                ]  # fmt: skip
                sheet.append(cells)
                office_total["outstanding"] += in_term + overdue
                office_total["loans"] += 1
        sheet.append([])  # the core system leaves blank rows between offices
    book.save(path)
    return totals


def _run(env, *args) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "policycredit", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
    return done


def _shell(env, code: str):
    return json.loads(_run(env, "shell", "-c", code).stdout.strip().splitlines()[-1])


@pytest.fixture
def fresh(migrated_database):
    """A new installation's database just after `policycredit migrate`: a copy of the suite's
    freshly migrated one (conftest.py), which is what the migrate makes, without its minute."""
    with migrated_database("day_one") as scratch:
        env = {**os.environ, "DATABASE_URL": scratch, "DJANGO_SUPERUSER_PASSWORD": "day-one-9!"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        yield env


def test_a_fresh_installation_takes_the_banks_own_register(fresh, tmp_path):
    env = fresh
    path = tmp_path / "HSTD_NGHE_AN.xlsx"
    totals = _register(path)
    assert len(totals) == 2

    setup = _run(env, "setup", "--lang", "en")
    assert "14,138" in setup.stdout or "14.138" in setup.stdout, setup.stdout
    _run(env, "createsuperuser", "--noinput", "--username", "quantri", "--email", "qt@nhcsxh.vn")
    imported = _run(env, "import", "hstd", str(path), "--user", "quantri", "--lang", "en")
    assert "12" in imported.stdout, imported.stdout

    _run(env, "ledger", "check")
    telegram = tmp_path / "dienbao.xlsx"
    _run(env, "export", "dienbao", "--month", "2026-10", "--out", str(telegram))
    rows = list(openpyxl.load_workbook(telegram).active.iter_rows(values_only=True))
    for office, wanted in totals.items():
        (line,) = [r for r in rows if r and str(r[0]) == office]
        assert wanted["outstanding"] in line, (office, line)

    review = json.loads(
        _run(env, "report", "directive40", "--as-of", "31/10/2026", "--from-year", "2024").stdout
    )
    whole = sum(t["outstanding"] for t in totals.values())
    assert whole in _numbers(review), "the review's outstanding is the file's"

    # Both read in one process: each command's start costs seconds of the suite.
    placed, offices = _shell(
        env,
        "import json; from policycredit.borrowers.models import Household; "
        "from policycredit.geo.models import Office; "
        "homes = Household.objects.select_related('ward__parent'); "
        "print(json.dumps([sorted({(str(h.ward.valid_from), h.ward.level, h.ward.parent.code) "
        "for h in homes}), [[o.code, o.area.level] for o in Office.objects.order_by('code')]]))",
    )
    # Every household under a commune of the new map, directly under its province.
    assert {tuple(x) for x in placed} <= {("2025-07-01", "ward", PROVINCE)}
    assert offices == [[code, "district"] for code in sorted(totals)]

    again = _run(env, "setup")
    assert "0 " in again.stdout


def _numbers(value) -> set:
    if isinstance(value, dict):
        return set().union(*(_numbers(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_numbers(v) for v in value)) if value else set()
    return {value} if isinstance(value, int) else set()
