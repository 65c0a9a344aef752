"""The demo district's network: the four mass organisations at the district and in every ward,
and the savings-and-loan groups of each ward's households with their members and leaders."""

import datetime
import random

from policycredit.borrowers.models import Household, Person
from policycredit.common.services import create_many
from policycredit.demo import wards
from policycredit.demo.context import Context
from policycredit.network.models import (
    MassOrganisation,
    Membership,
    OrganisationKind,
    OrganisationLevel,
    SavingsGroup,
)
from policycredit.network.services import add_members, save_organisation

ORG_NAMES = {
    OrganisationKind.WOMEN: "Hội Liên hiệp Phụ nữ",
    OrganisationKind.FARMERS: "Hội Nông dân",
    OrganisationKind.VETERANS: "Hội Cựu chiến binh",
    OrganisationKind.YOUTH: "Đoàn Thanh niên",
}
# The Women's Union runs most groups in the city; weights per organisation.
ORG_WEIGHTS = {
    OrganisationKind.WOMEN: 6,
    OrganisationKind.FARMERS: 3,
    OrganisationKind.VETERANS: 4,
    OrganisationKind.YOUTH: 2,
}


def build_organisations(ctx: Context) -> None:
    for kind, title in ORG_NAMES.items():
        top = save_organisation(
            actor=ctx.actor,
            instance=MassOrganisation(
                kind=kind,
                level=OrganisationLevel.DISTRICT,
                unit=ctx.district,
                name=f"{title} quận Hai Bà Trưng",
            ),
        )
        ctx.organisations[(kind, None)] = top
        for w in wards.OLD_WARDS:
            ctx.organisations[(kind, w["name"])] = save_organisation(
                actor=ctx.actor,
                instance=MassOrganisation(
                    kind=kind,
                    level=OrganisationLevel.WARD,
                    unit=ctx.wards[w["name"]],
                    parent=top,
                    name=f"{title} {w['full_name']}",
                ),
            )


def build_groups(ctx: Context) -> None:
    rng = ctx.rng
    by_ward: dict[str, list[Household]] = {}
    for household in ctx.households:
        by_ward.setdefault(household.ward.name, []).append(household)
    kinds = list(ORG_WEIGHTS)
    groups, memberships, leaders = [], [], []
    heads = {p.household_id: p for p in Person.objects.filter(relation="Chủ hộ")}
    for w in wards.OLD_WARDS:
        members = by_ward[w["full_name"]]
        rng.shuffle(members)
        # Split the ward's households over its groups: uneven sizes, all within 3–60.
        bounds = [0]
        for g, size in enumerate(_group_sizes(rng, len(members), ctx.groups_per_point)):
            bounds.append(bounds[g] + size)
        for g in range(ctx.groups_per_point):
            chunk = members[bounds[g] : bounds[g + 1]]
            kind = rng.choices(kinds, [ORG_WEIGHTS[k] for k in kinds])[0]
            organisation = ctx.organisations[(kind, w["name"])]
            founded = datetime.date(rng.randint(2003, 2013), rng.randint(1, 12), 1)
            group = SavingsGroup(
                code=f"{w['code']}-{g + 1:02d}",
                name=f"Tổ TK&VV số {g + 1} – {ORG_NAMES[kind]} {w['name']}",
                organisation=organisation,
                transaction_point=ctx.points[w["name"]],
                office=ctx.office,
                founded=founded,
            )
            groups.append(group)
            leaders.append(heads[chunk[0].pk])
            for household in chunk:
                memberships.append((group, household, founded))
    groups = _balanced(groups, memberships)
    created = create_many(actor=ctx.actor, instances=groups)
    for group, leader in zip(created, leaders, strict=True):
        group.leader = leader
    SavingsGroup.objects.bulk_update(created, ["leader"], batch_size=1000)
    rows = [
        Membership(
            group=g, household=h, joined=max(joined, datetime.date(2014, 1, 1)), office=ctx.office
        )
        for g, h, joined in memberships
    ]
    add_members(actor=ctx.actor, rows=rows)
    ctx.groups = created


def _group_sizes(rng: random.Random, total: int, count: int) -> list[int]:
    sizes = [total // count + (1 if i < total % count else 0) for i in range(count)]
    for _ in range(count * 4):
        i, j = rng.randrange(count), rng.randrange(count)
        step = rng.randint(1, 8)
        if i != j and sizes[i] - step >= 8 and sizes[j] + step <= 58:
            sizes[i] -= step
            sizes[j] += step
    return sizes


def _balanced(groups, memberships):
    counts = {}
    for group, _, _ in memberships:
        counts[id(group)] = counts.get(id(group), 0) + 1
    too_big = [g.code for g in groups if not 3 <= counts[id(g)] <= 60]
    if too_big:
        raise AssertionError(f"demo groups outside 3–60 members: {too_big}")
    return groups
