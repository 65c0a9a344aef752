"""The catalogue of configurable rules and their defaults when no row in `Rule` says otherwise."""

DEFAULTS = {
    # Whether one household may be a member of two savings-and-loan groups at the same time.
    "network.household_in_several_groups": False,
    "network.group_min_members": 3,
    "network.group_max_members": 60,
}
