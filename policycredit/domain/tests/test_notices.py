import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.notices import (
    SMS_LENGTH,
    initials,
    notice_line,
    short_unit_name,
    sms_amount,
    without_accents,
)

DAY = datetime.date(2026, 6, 15)
OFFICE = "Phòng giao dịch NHCSXH quận Hai Bà Trưng"
POINT = "Điểm giao dịch Phường Bạch Mai"


def notice(**changes):
    values = {
        "office": OFFICE,
        "point": POINT,
        "household_code": "HBT000123",
        "name": "Nguyễn Văn A",
        "day": DAY,
        "interest": 843_333,
        "principal": 0,
        "savings": 50_000,
    }
    return notice_line(**{**values, **changes})


def test_a_household_is_told_its_interest_principal_and_savings_in_one_sms():
    assert notice() == (
        "NHCSXH PGD Hai Ba Trung: Ho HBT000123 Nguyen Van A, ngay GD 15/06/2026 tai "
        "Diem GD Phuong Bach Mai: lai 843.333d, goc 0d, tiet kiem 50.000d. Tong 893.333d."
    )
    assert len(notice()) <= SMS_LENGTH


@pytest.mark.parametrize(
    "text, plain",
    [
        ("Nguyễn Thị Thanh Hương", "Nguyen Thi Thanh Huong"),
        ("Đỗ Văn Hải", "Do Van Hai"),
        ("đồng", "dong"),
        ("Tổ TK&VV số 1 – Hội Liên hiệp Phụ nữ", "To TK&VV so 1 - Hoi Lien hiep Phu nu"),
        ("ƯỚC ĐOÁN", "UOC DOAN"),
    ],
)
def test_diacritics_and_the_crossed_d_are_written_plainly(text, plain):
    assert without_accents(text) == plain


@given(st.text())
def test_a_message_only_ever_holds_plain_ascii(text):
    assert without_accents(text).isascii()


def test_amounts_are_grouped_with_dots_and_marked_d():
    assert sms_amount(843_333) == "843.333d"
    assert sms_amount(0) == "0d"
    assert sms_amount(50_000_000) == "50.000.000d"


def test_the_bank_shortens_its_unit_names_the_usual_way():
    assert short_unit_name(OFFICE) == "PGD Hai Ba Trung"
    assert short_unit_name(POINT) == "Diem GD Phuong Bach Mai"
    assert short_unit_name("Phòng giao dịch NHCSXH huyện Gia Lâm") == "PGD Gia Lam"
    assert short_unit_name("Hội sở") == "Hoi so"


def test_a_shortened_name_keeps_the_given_name_whole():
    assert initials("Nguyen Thi Thanh Huong") == "N.T.T. Huong"
    assert initials("Huong") == "Huong"


def test_a_long_message_drops_zero_amounts_first_then_the_place_then_shortens_the_name():
    long_name = "Công Tằng Tôn Nữ Thị Thanh Hương Giang"
    point = "Điểm giao dịch Phường Thanh Lương (trụ sở UBND phường cũ, số 10 phố Bạch Đằng)"
    line = notice(name=long_name, point=point)
    assert len(line) <= SMS_LENGTH
    assert "goc 0d" not in line and "lai 843.333d" in line and "tiet kiem 50.000d" in line
    assert line.endswith("Tong 893.333d.")
    longer_name = long_name + " Bạch Tuyết Hoàng Lan Phương"
    longer = notice(name=longer_name, point=point, principal=5_000_000)
    assert len(longer) <= SMS_LENGTH and "Diem GD" not in longer
    assert "goc 5.000.000d" in longer and "Tong 5.893.333d." in longer
    assert "Ho HBT000123 C.T.T.N.T.T.H.G.B.T.H.L. Phuong," in longer


def test_a_message_that_cannot_fit_still_carries_every_amount():
    line = notice(name="Nguyễn " * 40 + "An", household_code="X" * 30)
    assert len(line) > SMS_LENGTH
    assert "lai 843.333d" in line and "Tong 893.333d." in line


def test_a_household_with_nothing_but_savings_is_told_only_its_savings_when_short_of_room():
    line = notice(interest=0, savings=100_000, point="Điểm giao dịch " + "Phường Mai " * 8)
    assert "tiet kiem 100.000d" in line and "lai 0d" not in line
    assert line.endswith("Tong 100.000d.")


@given(
    st.integers(0, 10**9),
    st.integers(0, 10**9),
    st.integers(0, 10**8),
    st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặ ", max_size=60),
)
def test_the_total_is_always_the_sum_of_the_parts(interest, principal, savings, name):
    line = notice(interest=interest, principal=principal, savings=savings, name=name)
    assert line.endswith(f"Tong {sms_amount(interest + principal + savings)}.")
    assert line.isascii()
