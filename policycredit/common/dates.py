"""Days typed by people: the bank writes dd/mm/yyyy, scripts and the API write yyyy-mm-dd.

Forms read days through the project's formats modules (`policycredit/formats/`) and
`common.forms.DayField`; this is for text no form reads, such as a management command's
options. Both hold a day to the same sane range.
"""

import datetime

from django.core.management.base import CommandError

DAY_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")

# No record of this office is older: the Bank for the Poor opened in 1995 and the social-policy
# bank took its loans over in 2003; a year before 1990 is a typo (1925 for 2025).
EARLIEST_DAY = datetime.date(1990, 1, 1)
# A transaction-day calendar or a holiday is planned a year or two ahead, nothing a person types
# lies further out. Years further on are typos (2205 for 2025) or attacks: a report as of a day
# replays every month up to it, and as of 31/12/2999 it held a server for minutes.
YEARS_AHEAD = 5


def latest_day(today: datetime.date | None = None) -> datetime.date:
    """The last day accepted: 31 December, `YEARS_AHEAD` years after today's (the clock's, not
    the business date's: the range is about typing, not about the books)."""
    today = today or datetime.date.today()
    return datetime.date(today.year + YEARS_AHEAD, 12, 31)


def out_of_range(day: datetime.date) -> str | None:
    """'early' or 'late' when a day is outside what any screen or command accepts."""
    if day < EARLIEST_DAY:
        return "early"
    if day > latest_day():
        return "late"
    return None


def parse_day(text: str) -> datetime.date:
    """'05/03/2025' or '2025-03-05' -> date(2025, 3, 5); anything else is a ValueError, and
    so is a day outside EARLIEST_DAY … latest_day()."""
    # strptime's digits are any script's ("٠٥/٠٣/٢٠٢٥" would pass), and no one types those.
    if not (text.isascii() and text.isprintable()):
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD or DD/MM/YYYY)")
    for pattern in DAY_FORMATS:
        try:
            day = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        where = out_of_range(day)
        if where == "early":
            raise ValueError(f"{text!r} is before {EARLIEST_DAY:%d/%m/%Y}, the first day accepted")
        if where == "late":
            raise ValueError(f"{text!r} is after {latest_day():%d/%m/%Y}, the last day accepted")
        return day
    raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD or DD/MM/YYYY)")


def day_option(text: str) -> datetime.date:
    """`parse_day` for a command's option (`type=day_option`) or argument.

    argparse would turn a ValueError into "invalid day_option value", losing the hint about
    the formats, so the refusal is raised as the CommandError Django prints as it is.
    """
    try:
        return parse_day(text)
    except ValueError as error:
        raise CommandError(str(error)) from None
