import datetime

from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.notices import SMS_LENGTH, overdue_line, sms_amount, sms_phone

DUE = datetime.date(2026, 6, 5)
OFFICE = "Phòng giao dịch NHCSXH quận Hai Bà Trưng"


def notice(**changes):
    values = {
        "office": OFFICE,
        "household_code": "HBT000123",
        "name": "Nguyễn Văn A",
        "contract": "HBT-2024-000123",
        "due": DUE,
        "overdue": 20_000_000,
    }
    return overdue_line(**{**values, **changes})


def test_a_household_is_told_which_instalment_fell_overdue_and_what_is_overdue_in_one_sms():
    assert notice() == (
        "NHCSXH PGD Hai Ba Trung: Ho HBT000123 Nguyen Van A, HD HBT-2024-000123: ky tra no "
        "05/06/2026 chua tra, no qua han 20.000.000d. De nghi tra no som."
    )
    assert len(notice()) <= SMS_LENGTH


def test_a_long_name_drops_the_advice_first_then_is_shortened():
    long_name = "Công Tằng Tôn Nữ Thị Thanh Hương Giang Bạch Tuyết"
    line = notice(name=long_name)
    assert len(line) <= SMS_LENGTH and "no qua han 20.000.000d." in line
    assert "C.T.T.N.T.T.H.G.B. Tuyet" in line or "Cong Tang Ton Nu" in line


def test_a_message_that_cannot_fit_still_carries_the_contract_the_date_and_the_amount():
    line = notice(name="Nguyễn " * 40 + "An", household_code="X" * 40)
    assert len(line) > SMS_LENGTH
    assert "HD HBT-2024-000123" in line and "05/06/2026" in line and "20.000.000d" in line


@given(
    st.integers(1, 10**10),
    st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặ ", max_size=80),
    st.text(alphabet="ABCĐ0123456789-/", min_size=1, max_size=30),
    st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)),
)
def test_an_overdue_text_is_plain_ascii_and_always_says_the_amount_and_the_date(
    overdue, name, contract, due
):
    line = notice(overdue=overdue, name=name, contract=contract, due=due)
    assert line.isascii()
    assert f"no qua han {sms_amount(overdue)}." in line
    assert f"ky tra no {due:%d/%m/%Y} chua tra" in line
    short = notice(overdue=overdue, name=name[:10], contract=contract[:15], due=due)
    assert len(short) <= SMS_LENGTH


def test_a_phone_is_written_without_its_separators_and_never_guessed():
    assert sms_phone("0912 345.678") == "0912345678"
    assert sms_phone("+84 (912) 345-678") == "+84912345678"
    for typed in ("", "   ", "không có", "12345", "0912x345678", "+" + "1" * 16, "٠٩١٢٣٤٥٦٧٨٩"):
        assert sms_phone(typed) is None


@given(st.text(max_size=40))
def test_a_phone_as_sent_is_digits_only_after_an_optional_plus(typed):
    number = sms_phone(typed)
    if number is not None:
        digits = number.removeprefix("+")
        assert digits.isascii() and digits.isdigit() and 9 <= len(digits) <= 15
