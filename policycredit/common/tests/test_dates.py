import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from policycredit.common.dates import day_option, latest_day, parse_day

MARCH_5 = datetime.date(2025, 3, 5)


@pytest.mark.parametrize("text", ["05/03/2025", "5/3/2025", "2025-03-05"])
def test_a_day_is_read_the_bank_way_or_the_iso_way(text):
    assert parse_day(text) == MARCH_5


@pytest.mark.parametrize("text", ["03/05/2025x", "31/02/2025", "2025/03/05", "", "hôm nay"])
def test_anything_else_is_refused_naming_both_formats(text):
    with pytest.raises(ValueError, match="use YYYY-MM-DD or DD/MM/YYYY"):
        parse_day(text)


def test_a_command_refuses_a_bad_day_with_the_hint_not_an_argparse_complaint():
    with pytest.raises(CommandError) as refused:
        day_option("31/02/2025")
    assert str(refused.value) == "not a date: '31/02/2025' (use YYYY-MM-DD or DD/MM/YYYY)"


def test_an_option_typed_with_a_bad_day_stops_the_command_before_it_runs():
    with pytest.raises(CommandError, match="not a date: '30/02/2026'"):
        call_command("ledger", "check", "--as-of", "30/02/2026")


@pytest.mark.parametrize("text", ["٠٥/٠٣/٢٠٢٥", "０５/03/2025", "05/03/2025\x00"])
def test_foreign_digits_and_control_characters_are_not_a_day(text):
    with pytest.raises(ValueError, match="not a date"):
        parse_day(text)


def test_a_day_before_1990_or_years_ahead_is_refused_naming_the_limit():
    assert parse_day("01/01/1990") == datetime.date(1990, 1, 1)
    with pytest.raises(ValueError, match="before 01/01/1990"):
        parse_day("31/12/1989")
    last = latest_day()
    assert last.year == datetime.date.today().year + 5
    assert parse_day(f"{last:%d/%m/%Y}") == last
    with pytest.raises(ValueError, match=f"after {last:%d/%m/%Y}"):
        parse_day("31/12/2999")


def test_a_report_command_as_of_the_year_2999_stops_at_once():
    with pytest.raises(CommandError, match="the last day accepted"):
        call_command("ledger", "check", "--as-of", "31/12/2999")
