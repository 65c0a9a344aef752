"""The demo district's people: households spread over the wards, their persons (head, spouse,
children, with citizen IDs for the adults) and each household's poverty status year by year."""

import datetime
import random

from policycredit.borrowers.models import Household, Person, PovertyRecord, PovertyStatus
from policycredit.common.services import create_many
from policycredit.demo import names, wards
from policycredit.demo.context import Context
from policycredit.domain.cccd import make_cccd

NEIGHBOUR_PROVINCES = ["030", "033", "034", "035", "036", "037", "038"]

_NEXT_STATUS = {
    PovertyStatus.POOR: [
        (PovertyStatus.POOR, 70),
        (PovertyStatus.NEAR_POOR, 20),
        (PovertyStatus.ESCAPED, 10),
    ],
    PovertyStatus.NEAR_POOR: [
        (PovertyStatus.NEAR_POOR, 70),
        (PovertyStatus.ESCAPED, 22),
        (PovertyStatus.POOR, 8),
    ],
    PovertyStatus.ESCAPED: [
        (PovertyStatus.ESCAPED, 55),
        (PovertyStatus.NONE, 40),
        (PovertyStatus.NEAR_POOR, 5),
    ],
    PovertyStatus.NONE: [(PovertyStatus.NONE, 95), (PovertyStatus.NEAR_POOR, 5)],
}


def _name(rng: random.Random, male: bool, family: str | None = None) -> str:
    family = (
        family
        or rng.choices([n for n, _ in names.FAMILY_NAMES], [w for _, w in names.FAMILY_NAMES])[0]
    )
    middle = rng.choice(names.MALE_MIDDLE if male else names.FEMALE_MIDDLE)
    given = rng.choice(names.MALE_GIVEN if male else names.FEMALE_GIVEN)
    return f"{family} {middle} {given}"


def _birth(rng: random.Random, first_year: int, last_year: int) -> datetime.date:
    return datetime.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


def _person(ctx, household, male, born, relation, family=None, with_id=True) -> Person:
    cccd = None
    if with_id:
        ctx.cccd_serial += 1
        # Most were born in Hà Nội (001); the rest in the neighbouring provinces.
        province = "001" if ctx.rng.random() < 0.8 else ctx.rng.choice(NEIGHBOUR_PROVINCES)
        cccd = make_cccd(province, male, born.year, ctx.cccd_serial)
    return Person(
        household=household,
        office=ctx.office,
        full_name=_name(ctx.rng, male, family),
        gender="M" if male else "F",
        birth_date=born,
        cccd=cccd,
        relation=relation,
    )


def build(ctx: Context) -> None:
    rng = ctx.rng
    ward_names = [w["name"] for w in wards.OLD_WARDS]
    households = []
    for i in range(ctx.households_target):
        ward = ward_names[i % len(ward_names)]
        street = rng.choice(names.STREETS[ward])
        village = f"{names.RESIDENTIAL_GROUP_PREFIX} {rng.randint(1, 40)}"
        households.append(
            Household(
                code=f"HBT{i + 1:06d}",
                office=ctx.office,
                ward=ctx.wards[ward],
                village=village,
                address=f"Số {rng.randint(1, 180)}, ngõ {rng.randint(1, 120)} {street}",
                phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            )
        )
    households = create_many(actor=ctx.actor, instances=households)
    persons, heads = [], []
    for household in households:
        head_male = rng.random() < 0.62
        head_born = _birth(rng, 1950, 1992)
        family = rng.choices(
            [n for n, _ in names.FAMILY_NAMES], [w for _, w in names.FAMILY_NAMES]
        )[0]
        head = _person(ctx, household, head_male, head_born, "Chủ hộ", family)
        heads.append(head)
        persons.append(head)
        if rng.random() < 0.75:
            spouse_born = _birth(rng, max(1950, head_born.year - 6), min(1995, head_born.year + 6))
            persons.append(
                _person(ctx, household, not head_male, spouse_born, "Vợ" if head_male else "Chồng")
            )
        for _ in range(rng.choices([0, 1, 2, 3], [20, 35, 35, 10])[0]):
            child_born = _birth(rng, min(head_born.year + 20, 2020), min(head_born.year + 40, 2022))
            male = rng.random() < 0.5
            persons.append(
                _person(
                    ctx, household, male, child_born, "Con", family, with_id=child_born.year <= 2010
                )
            )
    create_many(actor=ctx.actor, instances=persons)
    for household, head in zip(households, heads, strict=True):
        household.head = head
    Household.objects.bulk_update(households, ["head"], batch_size=2000)
    _poverty_history(ctx, households)
    ctx.households = households


def _poverty_history(ctx: Context, households) -> None:
    rng = ctx.rng
    records = []
    for household in households:
        status = rng.choices(
            [PovertyStatus.POOR, PovertyStatus.NEAR_POOR, PovertyStatus.NONE], [45, 35, 20]
        )[0]
        last = None
        for year in range(2014, 2027):
            if year > 2014:
                options = _NEXT_STATUS[status]
                status = rng.choices([s for s, _ in options], [w for _, w in options])[0]
            if status != last:
                records.append(
                    PovertyRecord(
                        household=household,
                        office=ctx.office,
                        year=year,
                        status=status,
                        decision=f"{rng.randint(1, 999)}/QĐ-UBND ngày 15/12/{year - 1}",
                    )
                )
                last = status
    create_many(actor=ctx.actor, instances=records)
