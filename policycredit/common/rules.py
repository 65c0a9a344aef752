"""The catalogue of configurable rules and their defaults when no row in `Rule` says otherwise."""

DEFAULTS = {
    # Whether one household may be a member of two savings-and-loan groups at the same time.
    "network.household_in_several_groups": False,
    "network.group_min_members": 3,
    "network.group_max_members": 60,
    # How a transaction day on a weekend or holiday is held: "keep" (on its fixed date, as the
    # brief says practice mostly is), "next_working_day" or "previous_working_day".
    "calendar.shift": "keep",
    # Days past due from which a loan falls in debt groups 2, 3, 4 and 5 (group 1: current).
    # The thresholds of the State Bank's debt classification for commercial banks (Circular
    # 11/2021/TT-NHNN, art. 10: 10, 91, 181 and 361 days); the bank's own may differ.
    "closing.debt_group_days": [10, 91, 181, 361],
}
