"""What the demo district's steps hand on to each other: one seeded generator, the acting
user, and the units, offices, organisations, groups, households and sources made so far.

A module of its own so that every step module can name it without importing `district`,
which imports them all."""

import random
from dataclasses import dataclass, field

from policycredit.accounts.models import User
from policycredit.geo.models import AdminUnit, Office

GROUPS_PER_POINT = 17
HOUSEHOLDS_TARGET = 8_100


@dataclass
class Context:
    rng: random.Random
    actor: User
    province: AdminUnit = None
    district: AdminUnit = None
    wards: dict = field(default_factory=dict)  # name -> AdminUnit of 2014–2025
    new_wards: dict = field(default_factory=dict)  # name -> AdminUnit from 07/2025
    renumbered: dict = field(default_factory=dict)  # name -> the unit under its new code
    office: Office = None
    points: dict = field(default_factory=dict)  # ward name -> TransactionPoint
    organisations: dict = field(default_factory=dict)  # (kind, ward name|None) -> org
    groups: list = field(default_factory=list)
    households: list = field(default_factory=list)
    sources: dict = field(default_factory=dict)
    cccd_serial: int = 0
    households_target: int = HOUSEHOLDS_TARGET
    groups_per_point: int = GROUPS_PER_POINT
    with_loans: bool = True
    progress: object = print
