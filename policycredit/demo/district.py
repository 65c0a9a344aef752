"""The demo district: a deterministic Hai Bà Trưng (Hà Nội) built through the services.

Everything comes from one seeded random generator, so two loads give the same district. Bulk
rows go through `common.services.create_many`, which validates each row and writes its audit
event, so the demo obeys the same rules as a user at a screen.

Loans are added by the loan issue: `build()` ends with `add_loans(ctx)`, a hook that does
nothing yet and receives every household, group and source the generator made.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction

from policycredit.accounts.models import User
from policycredit.accounts.roles import Role
from policycredit.accounts.services import save_user
from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.borrowers.models import Household, Person, PovertyRecord, PovertyStatus
from policycredit.calendar.services import load_holidays
from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.capital.services import save_decision, save_source
from policycredit.common.selectors import business_date
from policycredit.common.services import create_many
from policycredit.demo import capital_plan, loans, names, savings, wards
from policycredit.domain.cccd import make_cccd
from policycredit.domain.dates import add_months
from policycredit.fees.defaults import load_defaults
from policycredit.fees.models import FeeStatement
from policycredit.fees.services import compute_month, pay
from policycredit.geo.models import AdminUnit, Level, Office, Succession, TransactionPoint
from policycredit.geo.services import (
    save_office,
    save_succession,
    save_transaction_point,
    save_unit,
)
from policycredit.ledger.services import load_chart
from policycredit.network.models import (
    MassOrganisation,
    Membership,
    OrganisationKind,
    OrganisationLevel,
    SavingsGroup,
)
from policycredit.network.services import add_members, save_organisation
from policycredit.programmes.models import Programme
from policycredit.programmes.services import load_catalogue

SEED = 2014
NEIGHBOUR_PROVINCES = ["030", "033", "034", "035", "036", "037", "038"]
DEMO_PASSWORD = "demo"
GROUPS_PER_POINT = 17
FEES_MONTHS = 12  # months of fees and commissions the demo computes (and pays) back from today
HOUSEHOLDS_TARGET = 8_100

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


@dataclass
class Context:
    rng: random.Random
    actor: User
    province: AdminUnit = None
    district: AdminUnit = None
    wards: dict = field(default_factory=dict)  # name -> AdminUnit of 2014–2025
    new_wards: dict = field(default_factory=dict)  # name -> AdminUnit from 07/2025
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


def is_empty() -> bool:
    return not (Office.objects.exists() or Household.objects.exists() or User.objects.exists())


@transaction.atomic
def build(
    progress=print,
    households: int = HOUSEHOLDS_TARGET,
    groups_per_point: int = GROUPS_PER_POINT,
    with_loans: bool = True,
) -> Context:
    """Load the district. Smaller `households`/`groups_per_point` make a quick test world."""
    rng = random.Random(SEED)
    admin = User(
        username="admin",
        first_name="Quản trị",
        last_name="Hệ thống",
        role=Role.ADMINISTRATOR,
        is_superuser=True,
        is_staff=True,
    )
    admin.set_password(DEMO_PASSWORD)
    save_user(actor=None, instance=admin)
    ctx = Context(
        rng=rng,
        actor=admin,
        households_target=households,
        groups_per_point=groups_per_point,
        with_loans=with_loans,
        progress=progress,
    )
    steps = [
        ("geography", _geography),
        ("office and transaction points", _office_and_points),
        ("mass organisations", _organisations),
        ("programmes", lambda c: load_catalogue(actor=c.actor)),
        (
            "chart of accounts, fee and commission rates, public holidays",
            lambda c: (load_chart(), load_defaults(), load_holidays()),
        ),
        ("capital sources and entrustment decisions", _capital),
        ("households, persons, poverty history", _households),
        ("savings-and-loan groups and members", _groups),
        ("users", _users),
        ("loans", add_loans),
        ("members' savings", _savings),
        ("entrustment fees and commissions", _fees),
    ]
    for i, (title, step) in enumerate(steps, 1):
        progress(f"[{i}/{len(steps)}] {title}")
        step(ctx)
    record(actor=admin, action=Action.DEMO_LOADED, instance=ctx.office, new={"seed": SEED})
    return ctx


def _savings(ctx: Context) -> None:
    if ctx.with_loans:  # the test world stays without savings, as without loans
        savings.build(ctx)


def _fees(ctx: Context) -> None:
    """The last FEES_MONTHS months' fees and commissions, computed by the accountant after each
    month's end and paid out by the teller on the 5th of the next month (the latest month is
    left to pay)."""
    if not ctx.with_loans:
        return

    accountant = User.objects.get(username="ketoan")
    teller = User.objects.get(username="giaodich")
    last = add_months(business_date().replace(day=1), -1)
    for back in reversed(range(FEES_MONTHS)):
        month = add_months(last, -back)
        done = compute_month(actor=accountant, office=ctx.office, month=month)
        if month == last:
            continue
        for statement in [*done.fee_statements, *done.commission_statements]:
            amount = statement.fee if isinstance(statement, FeeStatement) else statement.commission
            if amount:
                pay(actor=teller, statement=statement, on=add_months(month, 1).replace(day=5))


def add_loans(ctx: Context) -> None:
    """Loans from 2014 to today, by driving the loan services month by month."""
    from django.utils import timezone

    if ctx.with_loans:
        loans.build(ctx, timezone.localdate(), progress=ctx.progress)


def _unit(ctx, code, name, level, parent, valid_from=None, valid_to=None, basis=""):
    return save_unit(
        actor=ctx.actor,
        instance=AdminUnit(
            code=code,
            name=name,
            level=level,
            parent=parent,
            valid_from=valid_from,
            valid_to=valid_to,
            legal_basis=basis,
        ),
    )


def _geography(ctx: Context) -> None:
    ctx.province = _unit(ctx, wards.PROVINCE[0], wards.PROVINCE[1], Level.PROVINCE, None)
    last_district_day = wards.REFORM_DATE - datetime.timedelta(days=1)
    ctx.district = _unit(
        ctx,
        wards.DISTRICT[0],
        wards.DISTRICT[1],
        Level.DISTRICT,
        ctx.province,
        valid_to=last_district_day,
        basis="Nghị quyết 1656/NQ-UBTVQH15",
    )
    merged_2020 = {m["name"]: m for m in wards.MERGED_2020}
    for m in wards.MERGED_2020:
        ctx.wards[m["name"]] = _unit(
            ctx,
            m["code"],
            m["full_name"],
            Level.WARD,
            ctx.district,
            valid_to=m["until"],
            basis="Nghị quyết 895/NQ-UBTVQH14",
        )
    for w in wards.OLD_WARDS:
        until = w["until"] or last_district_day
        ctx.wards[w["name"]] = _unit(
            ctx,
            w["code"],
            w["full_name"],
            Level.WARD,
            ctx.district,
            valid_to=until,
            basis="Nghị quyết 1656/NQ-UBTVQH15"
            if w["until"] is None
            else "Nghị quyết 1286/NQ-UBTVQH15",
        )
    for w in wards.NEW_WARDS:
        ctx.new_wards[w["name"]] = _unit(
            ctx,
            w["code"],
            w["full_name"],
            Level.WARD,
            ctx.province,
            valid_from=wards.REFORM_DATE,
            basis="Nghị quyết 1656/NQ-UBTVQH15",
        )

    def link(old, new, effective, whole, primary, basis):
        save_succession(
            actor=ctx.actor,
            instance=Succession(
                predecessor=old,
                successor=new,
                effective=effective,
                whole=whole,
                primary=primary,
                legal_basis=basis,
            ),
        )

    for m in wards.MERGED_2020:
        link(
            ctx.wards[m["name"]],
            ctx.wards[m["successor"]],
            wards.MERGE_2020_DATE,
            True,
            True,
            "Nghị quyết 895/NQ-UBTVQH14",
        )
        for other in m["other_successors"]:
            link(
                ctx.wards[m["name"]],
                ctx.wards[other],
                wards.MERGE_2020_DATE,
                False,
                False,
                "Nghị quyết 895/NQ-UBTVQH14",
            )
    gone_in_january = {m["name"] for m in wards.MERGED_2025_JAN}
    for m in wards.MERGED_2025_JAN:
        whole = not m["other_successors"]
        link(
            ctx.wards[m["name"]],
            ctx.wards[m["successor"]],
            wards.MERGE_2025_JAN_DATE,
            whole,
            True,
            "Nghị quyết 1286/NQ-UBTVQH15",
        )
        for other in m["other_successors"]:
            link(
                ctx.wards[m["name"]],
                ctx.wards[other],
                wards.MERGE_2025_JAN_DATE,
                False,
                False,
                "Nghị quyết 1286/NQ-UBTVQH15",
            )
    for old, new, whole, primary in wards.SUCCESSION:
        if old in gone_in_january or old in merged_2020:
            continue  # their territory follows the ward that absorbed them
        link(
            ctx.wards[old],
            ctx.new_wards[new],
            wards.REFORM_DATE,
            whole,
            primary,
            "Nghị quyết 1656/NQ-UBTVQH15",
        )


def _office_and_points(ctx: Context) -> None:
    ctx.office = save_office(
        actor=ctx.actor,
        instance=Office(
            code="PGD-HBT",
            name="Phòng giao dịch NHCSXH quận Hai Bà Trưng",
            area=ctx.district,
            address="Số 30 Lê Đại Hành, Hà Nội",
        ),
    )

    # One point per ward of 2020–2024, at the old ward office; days spread over the month.
    for i, w in enumerate(wards.OLD_WARDS):
        street = names.STREETS[w["name"]][0]
        ctx.points[w["name"]] = save_transaction_point(
            actor=ctx.actor,
            instance=TransactionPoint(
                code=f"DGD-{w['code']}",
                name=f"Điểm giao dịch {w['full_name']}",
                office=ctx.office,
                ward=ctx.wards[w["name"]],
                address=f"Trụ sở UBND {w['full_name']}, {street}",
                day_of_month=5 + i % 18,
            ),
        )


def _organisations(ctx: Context) -> None:
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


def _capital(ctx: Context) -> None:
    def source(code, name, level, unit):
        return save_source(
            actor=ctx.actor,
            instance=CapitalSource(code=code, name=name, level=level, unit=unit),
        )

    ctx.sources = {
        "central": source("TW", "Nguồn vốn Trung ương", "central", None),
        "city": source("NS-HN", "Ngân sách Thành phố Hà Nội ủy thác", "province", ctx.province),
        "district": source(
            "NS-HBT", "Ngân sách quận Hai Bà Trưng ủy thác", "district", ctx.district
        ),
    }
    job_creation = Programme.objects.get(code="GQVL")
    poor_family = list(Programme.objects.filter(code__in=["HN", "HCN", "HMTN", "GQVL"]))
    for n, (day, amount) in enumerate(capital_plan.yearly_decisions(), 1):
        decision = save_decision(
            actor=ctx.actor,
            instance=EntrustmentDecision(
                source=ctx.sources["district"],
                office=ctx.office,
                number=f"{100 + n}/QĐ-UBND",
                date=day,
                amount=amount,
                note="Ủy thác qua NHCSXH cho vay giải quyết việc làm",
            ),
        )
        decision.programmes.set([job_creation])
    central_programmes = list(Programme.objects.exclude(code="GQVL"))
    for year in range(2014, 2027):
        # Central capital reaches the office as a yearly plan (kế hoạch vốn) for its programmes.
        plan = save_decision(
            actor=ctx.actor,
            instance=EntrustmentDecision(
                source=ctx.sources["central"],
                office=ctx.office,
                number=f"KH-{year}/NHCSXH-HN",
                date=datetime.date(year, 1, 10),
                amount=capital_plan.CENTRAL_YEARLY,
                note="Kế hoạch vốn Trung ương giao cho Phòng giao dịch",
            ),
        )
        plan.programmes.set(central_programmes)
        decision = save_decision(
            actor=ctx.actor,
            instance=EntrustmentDecision(
                source=ctx.sources["city"],
                office=ctx.office,
                number=f"{500 + year - 2014}/QĐ-UBND-HN",
                date=datetime.date(year, 2, 15),
                amount=capital_plan.CITY_YEARLY,
                note="Ngân sách Thành phố ủy thác cho quận Hai Bà Trưng",
            ),
        )
        decision.programmes.set(poor_family)


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


def _households(ctx: Context) -> None:
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


def _groups(ctx: Context) -> None:
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


DEMO_USERS = [
    # username, role, first name, last name, scope
    ("giamdoc", Role.DIRECTOR, "Nguyễn Thị", "Thanh Hương", "office"),
    ("tindung", Role.CREDIT_OFFICER, "Trần Văn", "Minh", "office"),
    ("ketoan", Role.ACCOUNTANT, "Lê Thị", "Hồng", "office"),
    ("giaodich", Role.TELLER, "Phạm Thu", "Trang", "office"),
    ("kiemsoat", Role.CONTROLLER, "Vũ Đức", "Long", "office"),
    ("phuong.vinhtuy", Role.WARD_OFFICER, "Đỗ Văn", "Hải", "ward:Vĩnh Tuy"),
    ("phuong.bachmai", Role.WARD_OFFICER, "Hoàng Thị", "Lan", "ward:Bạch Mai"),
    ("hoiphunu", Role.ORGANISATION_OFFICER, "Bùi Thị", "Mai", "organisation"),
    ("totruong", Role.GROUP_LEADER, "", "", "group"),
    ("bandaidien", Role.BOARD_MEMBER, "Ngô Quang", "Vinh", "province"),
]


def _users(ctx: Context) -> None:
    for username, role, first, last, scope in DEMO_USERS:
        user = User(username=username, role=role, first_name=first, last_name=last)
        if scope == "office":
            user.office = ctx.office
        elif scope.startswith("ward:"):
            user.unit = ctx.new_wards[scope.split(":", 1)[1]]
        elif scope == "organisation":
            user.organisation = ctx.organisations[(OrganisationKind.WOMEN, None)]
        elif scope == "group":
            user.group = ctx.groups[0]
            leader = ctx.groups[0].leader
            user.first_name, user.last_name = leader.full_name.rsplit(" ", 1)
        elif scope == "province":
            user.unit = ctx.province
        user.set_password(DEMO_PASSWORD)
        save_user(actor=ctx.actor, instance=user)
