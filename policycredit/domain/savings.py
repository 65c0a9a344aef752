"""The savings rules in plain Python, so they can be read and tested without a database.

A movement is (value date, signed amount): a deposit adds, a withdrawal takes away, a reversal
does the opposite of the movement it undoes. A member's savings may never stand below zero at
the end of any day. Movements can be dated in the past (the group leader's collection is
handed in days later), so a withdrawal is bounded not only by the balance on its own date but
by the lowest balance on every later day: taking more would leave some later day negative.
"""

import datetime
from collections.abc import Iterable

DEPOSIT, WITHDRAWAL, REVERSAL = "deposit", "withdrawal", "reversal"


def signed(kind: str, amount: int, reversed_kind: str | None = None) -> int:
    """What a movement does to the balance."""
    if kind == DEPOSIT:
        return amount
    if kind == WITHDRAWAL:
        return -amount
    if kind == REVERSAL:
        return -signed(reversed_kind, amount)
    raise ValueError(f"unknown savings movement {kind!r}")


def balance(movements: Iterable[tuple[datetime.date, int]], as_of: datetime.date) -> int:
    return sum(amount for day, amount in movements if day <= as_of)


def available(
    movements: Iterable[tuple[datetime.date, int]], on: datetime.date
) -> tuple[int, datetime.date]:
    """The most that may leave the savings on ``on``, and the day that bounds it: the lowest
    end-of-day balance from ``on`` onwards."""
    movements = list(movements)
    by_day: dict[datetime.date, int] = {}
    for day, amount in movements:
        if day > on:
            by_day[day] = by_day.get(day, 0) + amount
    running = balance(movements, on)
    lowest, lowest_day = running, on
    for day in sorted(by_day):
        running += by_day[day]
        if running < lowest:
            lowest, lowest_day = running, day
    return lowest, lowest_day


def is_whole_dong(amount) -> bool:
    return isinstance(amount, int) and not isinstance(amount, bool) and amount > 0
