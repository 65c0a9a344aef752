"""The columns of the bank's loan register (HSTD, one row per loan), matched by name.

The bank's core system names its columns in Vietnamese and the names drift between versions
and offices ("Số CMND" in old exports, "Số CCCD" since citizen cards; "Mã CT" or "Mã chương
trình"), so a column is known by its key and a tuple of accepted names: the first is the one
PolicyCredit writes, the rest are read too. Source of the names: the branch tool's column list
in the project brief (bank-exports.md).

Shared by the import (which reads any of the names) and the export (which writes names[0]).
"""

import re
import unicodedata
from dataclasses import dataclass

KINDS = ("text", "money", "date", "int", "rate")


@dataclass(frozen=True)
class Column:
    key: str
    names: tuple[str, ...]
    kind: str

    @property
    def title(self) -> str:
        return self.names[0]


def _c(key: str, kind: str, *names: str) -> Column:
    assert kind in KINDS, kind
    return Column(key=key, names=tuple(names), kind=kind)


# The canonical export order: unit and place, group, customer, loan, balances, events, savings.
HSTD: tuple[Column, ...] = (
    _c("as_of", "date", "Ngày số liệu", "Ngày dữ liệu"),
    _c("branch_code", "text", "Mã CN", "Mã chi nhánh"),
    _c("office_code", "text", "Mã PGD", "Mã phòng giao dịch", "Mã đơn vị"),
    _c("office_name", "text", "Tên PGD", "Tên phòng giao dịch", "Tên đơn vị"),
    _c("ward_code", "text", "Mã xã", "Mã xã/phường", "Mã phường/xã"),
    _c("ward_name", "text", "Tên xã", "Tên xã/phường", "Tên phường/xã"),
    _c("village_code", "text", "Mã thôn", "Mã thôn/tổ dân phố", "Mã ấp"),
    _c("village_name", "text", "Tên thôn", "Tên thôn/tổ dân phố", "Tên ấp"),
    _c("point_code", "text", "Mã điểm giao dịch", "Mã ĐGD", "Mã điểm GD"),
    _c("point_name", "text", "Tên điểm giao dịch", "Tên ĐGD", "Tên điểm GD"),
    _c("point_day", "int", "Ngày giao dịch", "Ngày GD"),
    _c("group_code", "text", "Mã tổ", "Mã tổ TK&VV", "Mã tổ TKVV"),
    _c("group_name", "text", "Tên tổ", "Tên tổ TK&VV", "Tên tổ TKVV"),
    _c("group_leader", "text", "Tên tổ trưởng", "Tổ trưởng", "Họ tên tổ trưởng"),
    _c("org_code", "text", "Mã ĐVUT", "Mã đơn vị ủy thác", "Mã đơn vị uỷ thác", "Mã HĐN"),
    _c("org_name", "text", "Tên ĐVUT", "Tên đơn vị ủy thác", "Tên đơn vị uỷ thác", "Tên HĐN"),
    _c("customer_code", "text", "Mã KH", "Mã khách hàng"),
    _c("customer_name", "text", "Tên KH", "Tên khách hàng", "Họ tên khách hàng", "Họ và tên"),
    _c("sex", "text", "Giới tính"),
    _c("birth_date", "date", "Ngày sinh"),
    _c("id_number", "text", "Số CCCD", "Số CMND", "Số CMND/CCCD", "Số CCCD/CMND", "Số định danh"),
    _c("phone", "text", "Số điện thoại", "Điện thoại", "SĐT"),
    _c("address", "text", "Địa chỉ"),
    _c("contract", "text", "Số khế ước", "Số KU", "Số hợp đồng", "Số khế ước nhận nợ"),
    _c("programme_code", "text", "Mã CT", "Mã chương trình", "Mã CTCV"),
    _c("programme_name", "text", "Tên chương trình", "Tên CT", "Tên CTCV"),
    _c("source", "text", "Nguồn vốn", "Loại nguồn vốn"),
    _c("investor_code", "text", "Mã nhà đầu tư", "Mã NĐT"),
    _c("investor_name", "text", "Tên nhà đầu tư", "Tên NĐT"),
    _c("fund_class", "text", "PL NV", "Phân loại nguồn vốn"),
    _c("decision", "text", "Mã Quyết định", "Mã QĐ", "Số quyết định"),
    _c("loan_date", "date", "Ngày vay", "Ngày cho vay"),
    _c("amount", "money", "Mức vay", "Số tiền vay", "Số tiền cho vay"),
    _c("term_months", "int", "Thời hạn vay", "Thời hạn", "Thời hạn vay (tháng)"),
    _c("rate", "rate", "Lãi suất", "Lãi suất cho vay"),
    _c("due_date", "date", "Ngày ĐH theo hợp đồng", "Ngày đến hạn", "Ngày đến hạn theo HĐ"),
    _c("extended_due_date", "date", "Ngày ĐH theo Gia hạn", "Ngày đến hạn gia hạn"),
    _c("disbursed_total", "money", "Tổng giải ngân", "Số tiền giải ngân", "Đã giải ngân"),
    _c("principal_in_term", "money", "Dư nợ trong hạn", "Dư nợ TH"),
    _c("principal_overdue", "money", "Dư nợ quá hạn", "Dư nợ QH", "Nợ quá hạn"),
    _c("principal_frozen", "money", "Dư nợ khoanh", "Nợ khoanh"),
    _c("outstanding", "money", "Tổng dư nợ", "Dư nợ"),
    _c("principal_repaid", "money", "Gốc đã trả", "Tổng gốc đã trả"),
    _c("interest_repaid", "money", "Lãi đã trả", "Tổng lãi đã trả"),
    _c("interest_unpaid", "money", "Lãi tồn TH", "Lãi tồn trong hạn"),
    _c("interest_unpaid_overdue", "money", "Lãi tồn QH", "Lãi tồn quá hạn"),
    _c("extensions", "int", "Số lần gia hạn", "Số lần GH"),
    _c("freeze_expiry", "date", "Ngày hết hạn Khoanh", "Ngày hết hạn khoanh nợ"),
    _c("status", "text", "Tình trạng món vay", "Tình trạng", "Trạng thái"),
    _c("savings", "money", "Số dư tiền gửi 105", "Số dư tiền gửi", "Tiền gửi 105", "Số dư TK 105"),
)

BY_KEY: dict[str, Column] = {c.key: c for c in HSTD}


def normalise(name: str) -> str:
    """Case, runs of blanks and line breaks, and the two spellings of a composed letter."""
    text = unicodedata.normalize("NFC", str(name or "")).replace("\u00a0", " ")
    # "uỷ"/"ủy" and the old/new tone placement are the same word to a reader.
    text = text.replace("uỷ", "ủy").replace("Uỷ", "Ủy")
    return re.sub(r"\s+", " ", text).strip().casefold()


def fold(name: str) -> str:
    """Without diacritics: a header typed on a keyboard without Vietnamese input."""
    text = unicodedata.normalize("NFD", normalise(name)).replace("đ", "d").replace("Đ", "d")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def _index(columns: tuple[Column, ...], key_of) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for column in columns:
        for name in column.names:
            found.setdefault(key_of(name), set()).add(column.key)
    return found


_EXACT = _index(HSTD, normalise)
_FOLDED = _index(HSTD, fold)


def match_headers(cells: list[str]) -> tuple[dict[str, int], list[str]]:
    """Map each known column key to the index of its header cell; return the unknown headers.

    A header is matched by its normalised name first; without diacritics only when that folded
    name belongs to a single column ("Ma xa" is Mã xã, but a folded name shared by two columns
    stays unknown). The first cell wins when a column appears twice; blank cells are skipped.
    """
    found: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        if cell is None or not str(cell).strip():
            continue
        keys = _EXACT.get(normalise(cell))
        if not keys:
            folded = _FOLDED.get(fold(cell))
            keys = folded if folded and len(folded) == 1 else None
        if not keys or len(keys) != 1:
            unknown.append(str(cell).strip())
            continue
        (key,) = keys
        found.setdefault(key, index)
    return found, unknown
