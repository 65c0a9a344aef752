"""The group leader's 13/TD statement as the teller's starting values.

A member hands the leader one sum of interest for all his loans; the teller's entry sheet takes
interest loan by loan. The sum is split over the loans by their interest due: each loan gets at
most its own due (the sheet refuses more), a sum that covers every due gives each loan its due,
and a smaller one is shared in proportion to the dues, rounded to whole đồng by the largest
remainder (the earlier loan first on a tie), so the parts add up to the sum exactly. What a
member handed beyond all his dues is not placed on any loan: the teller sees it as the
difference between the statement and the row.
"""

from collections.abc import Sequence


def split_interest(amount: int, dues: Sequence[int]) -> list[int]:
    """``amount`` over loans whose interest due is ``dues``, capped at each due."""
    if amount < 0 or any(d < 0 for d in dues):
        raise ValueError("amounts cannot be negative")
    total = sum(dues)
    if amount >= total:
        return list(dues)
    exact = [amount * d for d in dues]  # each part is exact[i] / total
    parts = [e // total for e in exact]
    short = amount - sum(parts)
    order = sorted(range(len(dues)), key=lambda i: (-(exact[i] % total), i))
    for i in order[:short]:
        parts[i] += 1
    return parts
