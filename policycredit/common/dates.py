"""Days typed by people: the bank writes dd/mm/yyyy, scripts and the API write yyyy-mm-dd.

Forms read days through the project's formats modules (`policycredit/formats/`); this is for
text no form reads, such as a management command's options.
"""

import datetime

from django.core.management.base import CommandError

DAY_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def parse_day(text: str) -> datetime.date:
    """'05/03/2025' or '2025-03-05' -> date(2025, 3, 5); anything else is a ValueError."""
    for pattern in DAY_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
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
