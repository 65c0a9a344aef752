"""Register files as the bank's branches send them, built with openpyxl for the import tests:
a title with the export date, a two-row header with merged headings ("Dư nợ" over "Trong
hạn / Quá hạn / Khoanh"), dates typed as text, amounts with thousand separators, blank rows
at the end."""

import csv

from openpyxl import Workbook

# (heading over the columns or None, column names under it)
LAYOUT = [
    (None, ["STT", "Mã PGD", "Tên PGD", "Mã xã", "Tên xã", "Tên thôn"]),
    (None, ["Mã điểm giao dịch", "Tên điểm giao dịch", "Mã tổ", "Tên tổ", "Tên ĐVUT"]),
    (None, ["Mã KH", "Tên KH", "Giới tính", "Ngày sinh", "Số CMND", "Địa chỉ"]),
    (None, ["Số khế ước", "Mã CT", "Nguồn vốn", "Mã nhà đầu tư", "Tên nhà đầu tư"]),
    (None, ["Ngày vay", "Mức vay", "Thời hạn vay", "Lãi suất", "Ngày ĐH theo hợp đồng"]),
    (None, ["Ngày ĐH theo Gia hạn", "Tổng giải ngân"]),
    ("Dư nợ", ["Trong hạn", "Quá hạn", "Khoanh"]),
    (None, ["Tổng dư nợ", "Gốc đã trả", "Lãi đã trả"]),
    ("Lãi tồn", ["TH", "QH"]),
    (
        None,
        [
            "Số lần gia hạn",
            "Ngày hết hạn Khoanh",
            "Tình trạng món vay",
            "Số dư tiền gửi 105",
            "Ghi chú cán bộ",
        ],
    ),
]

KEYS = [
    "stt", "office_code", "office_name", "ward_code", "ward_name", "village",
    "point_code", "point_name", "group_code", "group_name", "org_name",
    "customer_code", "customer_name", "sex", "birth_date", "id_number", "address",
    "contract", "programme_code", "source", "investor_code", "investor_name",
    "loan_date", "amount", "term_months", "rate", "due_date",
    "extended_due_date", "disbursed_total",
    "in_term", "overdue", "frozen",
    "outstanding", "principal_repaid", "interest_repaid",
    "interest_unpaid", "interest_unpaid_overdue",
    "extensions", "freeze_expiry", "status", "savings", "note",
]  # fmt: skip


def grouped(amount: int, mark: str = ".") -> str:
    return f"{amount:,}".replace(",", mark)


def loan(**values) -> dict:
    """A row with sensible defaults: an in-term poor-household loan of the demo district."""
    row = {
        "office_code": "PGD-HBT",
        "office_name": "PGD NHCSXH quận Hai Bà Trưng",
        "ward_code": "00256",
        "ward_name": "Phường Hai Bà Trưng",
        "village": "Tổ dân phố 3",
        "point_code": "",
        "point_name": "",
        "group_code": "",
        "group_name": "",
        "org_name": "Hội Liên hiệp Phụ nữ",
        "customer_code": "",
        "customer_name": "Nguyễn Thị Lan",
        "sex": "Nữ",
        "birth_date": "12/05/1980",
        "id_number": "",
        "address": "Số 5 ngõ 12 phố Lò Đúc",
        "programme_code": "HN",
        "source": "1",
        "investor_code": "",
        "investor_name": "",
        "loan_date": "15/03/2025",
        "amount": 50_000_000,
        "term_months": 60,
        "rate": "0,66",
        "due_date": "15/03/2030",
        "extended_due_date": "",
        "disbursed_total": None,
        "in_term": None,
        "overdue": 0,
        "frozen": 0,
        "principal_repaid": 0,
        "interest_repaid": 0,
        "interest_unpaid": 0,
        "interest_unpaid_overdue": 0,
        "extensions": 0,
        "freeze_expiry": "",
        "status": "Trong hạn",
        "savings": 0,
        "note": "",
    }
    row.update(values)
    if row["disbursed_total"] is None:
        row["disbursed_total"] = row["amount"]
    if row["in_term"] is None:
        row["in_term"] = row["amount"] - row["principal_repaid"] - row["overdue"] - row["frozen"]
    row["outstanding"] = row["in_term"] + row["overdue"] + row["frozen"]
    return row


MONEY = {
    "amount", "disbursed_total", "in_term", "overdue", "frozen", "outstanding",
    "principal_repaid", "interest_repaid", "interest_unpaid", "interest_unpaid_overdue", "savings",
}  # fmt: skip


def _cell(key, value, mark):
    if key in MONEY and isinstance(value, int) and mark:
        return grouped(value, mark) if value else ""
    return value


def write_xlsx(path, rows: list[dict], *, as_of="31/10/2026", mark=".", blank_tail=3):
    book = Workbook()
    sheet = book.active
    sheet.append([f"HỒ SƠ TÍN DỤNG – PGD NHCSXH QUẬN HAI BÀ TRƯNG – ngày {as_of}"])
    sheet.append([])
    upper, lower, column = [], [], 1
    for heading, names in LAYOUT:
        if heading is None:
            for name in names:
                upper.append(name)
                lower.append(None)
                sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
                column += 1
        else:
            upper += [heading] + [None] * (len(names) - 1)
            lower += names
            sheet.merge_cells(
                start_row=3, start_column=column, end_row=3, end_column=column + len(names) - 1
            )
            column += len(names)
    for c, value in enumerate(upper, 1):
        if value is not None:
            sheet.cell(row=3, column=c, value=value)
    for c, value in enumerate(lower, 1):
        if value is not None:
            sheet.cell(row=4, column=c, value=value)
    for n, row in enumerate(rows, 1):
        values = {**row, "stt": n}
        sheet.append([_cell(k, values.get(k), mark) for k in KEYS])
    for _ in range(blank_tail):
        sheet.append([None] * len(KEYS))
    book.save(path)
    return path


def write_csv(path, rows: list[dict], *, mark=","):
    names = [name for heading, group in LAYOUT for name in
             ([f"{heading} {n}" for n in group] if heading else group)]  # fmt: skip
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(names)
        for n, row in enumerate(rows, 1):
            out.writerow([_cell(k, {**row, "stt": n}.get(k), mark) for k in KEYS])
    return path
