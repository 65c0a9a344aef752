"""The bank's register as the core system gives it: the data date in a column, the bank's
programme numbers, the entrusted units' own codes written back by the export."""

import datetime

import pytest
from openpyxl import Workbook

from policycredit.loans.models import Loan
from policycredit.registers import services
from policycredit.registers.export_rows import loan_values
from policycredit.registers.import_checks import bank_number
from policycredit.registers.models import BankLoan

pytestmark = pytest.mark.django_db
HEADER = ["STT", "Ngày số liệu", "Mã PGD", "Mã xã", "Tên xã", "Mã ĐVUT", "Tên ĐVUT", "Mã tổ",
          "Tên tổ", "Tên KH", "Giới tính", "Số khế ước", "Mã chương trình", "Ngày vay",
          "Mức vay", "Thời hạn vay", "Dư nợ trong hạn", "Ngày ĐH theo hợp đồng",
          "PL NV"]  # fmt: skip


def _file(path, rows):
    book = Workbook()
    book.active.title = "Ghi chú"
    sheet = book.create_sheet("BCQUERY")  # not the first sheet: the import finds it by name
    sheet.append(["NGÂN HÀNG CHÍNH SÁCH XÃ HỘI"])
    sheet.append(["PGD NHCSXH quận Hai Bà Trưng"])
    sheet.append(["BÁO CÁO HỒ SƠ TÍN DỤNG"])  # no date in the title
    sheet.append([])
    sheet.append(HEADER)
    for n, (day, contract, programme) in enumerate(rows, 1):
        # The second row's commune and unit: Vĩnh Tuy, its unit given by name only.
        ward, unit = ("00256", "HPN00256") if n == 1 else ("00283", "")
        sheet.append([n, day, "PGD-HBT", ward, "", unit, "Hội liên hiệp phụ nữ",
                      f"T-{contract}", "Tổ 1", f"Lê Thị {n}", "Nữ", contract, programme,
                      "15/03/2025", 30_000_000, 60, 30_000_000, "15/03/2030", n])  # fmt: skip
    book.save(path)
    return path


def test_the_data_date_column_gives_the_export_date_and_the_banks_numbers_the_programme(
    tmp_path, user
):
    path = _file(tmp_path / "bcquery.xlsx", [("31/10/2026", "KU-B1", 1), ("31/10/2026", "KU-B2",
                                                                               "19")])  # fmt: skip
    outcome = services.import_register(actor=user("ketoan"), path=path)
    assert outcome.as_of == datetime.date(2026, 10, 31)
    assert {x.number: x.programme.code for x in Loan.objects.filter(number__in=["KU-B1",
                                                                                 "KU-B2"])} == {
        "KU-B1": "HN",
        "KU-B2": "HCN",
    }  # fmt: skip
    organisation = Loan.objects.get(number="KU-B1").group.organisation
    assert organisation.bank_code == "HPN00256"
    assert dict(BankLoan.objects.filter(run_id=outcome.run_id).values_list("contract",
                                                                           "fund_class")) == {
        "KU-B1": "1",
        "KU-B2": "2",
    }  # fmt: skip


def test_a_row_of_another_data_date_is_refused(tmp_path, user):
    path = _file(tmp_path / "mixed.xlsx", [("31/10/2026", "KU-C1", 1), ("30/09/2026", "KU-C2", 1)])
    found = services.check_register(path)
    assert [(x.row, x.code) for x in found.blocking] == [(7, "other_as_of")]


def test_numbers_as_the_bank_writes_them():
    assert [bank_number(x) for x in ["1", "01", "1.0", "19", "HN", ""]] == [
        "1",
        "1",
        "1",
        "19",
        "HN",
        "",
    ]


def test_the_export_writes_the_banks_code_of_an_entrusted_unit_or_its_abbreviation(tmp_path, user):
    path = _file(tmp_path / "units.xlsx", [("31/10/2026", "KU-D1", 1), ("31/10/2026", "KU-D2", 1)])
    services.import_register(actor=user("ketoan"), path=path)
    loans = Loan.objects.filter(number__in=["KU-D1", "KU-D2"]).order_by("number")
    rows = list(loan_values(loans, datetime.date(2026, 10, 31)))
    assert [row["org_code"] for row in rows] == ["HPN00256", "HPN"]
