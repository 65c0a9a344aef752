"""The demo district's places. The units of Hà Nội and their July 2025 successions come from
the national data (`geo.services.load_national_units`, the same load a real installation runs);
the district's earlier history, which that data does not hold (the 2020 and January 2025
merges, data in `wards`), is added by hand. Then the district's bank office and a transaction
point in each ward of 2020–2024."""

import datetime

from policycredit.common.selectors import business_date
from policycredit.demo import names, wards
from policycredit.demo.context import Context
from policycredit.geo.models import AdminUnit, Level, Office, Succession, TransactionPoint
from policycredit.geo.services import (
    load_national_units,
    save_office,
    save_succession,
    save_transaction_point,
    save_unit,
)

RESOLUTION_2020 = "Nghị quyết 895/NQ-UBTVQH14"
RESOLUTION_2025_JAN = "Nghị quyết 1286/NQ-UBTVQH15"
LAST_DAY_2024 = wards.MERGE_2025_JAN_DATE - datetime.timedelta(days=1)


def build(ctx: Context) -> None:
    """Hà Nội from the national data, then the district's merges before 2025."""
    load_national_units(actor=ctx.actor, provinces={wards.PROVINCE[0]})
    _units(ctx)
    _successions(ctx)


def _in_force(code: str, level: str, day: datetime.date) -> AdminUnit:
    for unit in AdminUnit.objects.filter(code=code, level=level):
        if unit.holds_on(day):
            return unit
    raise LookupError(f"{level} {code} on {day}")


def _unit(ctx, code, name, valid_to, basis):
    return save_unit(
        actor=ctx.actor,
        instance=AdminUnit(
            code=code,
            name=name,
            level=Level.WARD,
            parent=ctx.district,
            valid_to=valid_to,
            legal_basis=basis,
        ),
    )


def _units(ctx: Context) -> None:
    last = wards.REFORM_DATE - datetime.timedelta(days=1)
    ctx.province = _in_force(wards.PROVINCE[0], Level.PROVINCE, last)
    ctx.district = _in_force(wards.DISTRICT[0], Level.DISTRICT, last)
    for m in wards.MERGED_2020:
        ctx.wards[m["name"]] = _unit(ctx, m["code"], m["full_name"], m["until"], RESOLUTION_2020)
    changes = {name: (code, since) for name, code, since in wards.CODE_CHANGES}
    for w in wards.OLD_WARDS:
        name = w["name"]
        if w["until"] is not None:  # merged away on 01/01/2025: not in the national data
            ctx.wards[name] = _unit(ctx, w["code"], w["full_name"], w["until"], RESOLUTION_2025_JAN)
        elif name in changes:
            # The national data knows the enlarged ward by the code it took on `since`; before,
            # it was another unit under its own code.
            code, since = changes[name]
            renumbered = _in_force(code, Level.WARD, last)
            renumbered.valid_from = since
            renumbered.legal_basis = RESOLUTION_2025_JAN
            ctx.renumbered[name] = save_unit(actor=ctx.actor, instance=renumbered)
            until = since - datetime.timedelta(days=1)
            ctx.wards[name] = _unit(ctx, w["code"], w["full_name"], until, RESOLUTION_2025_JAN)
        else:
            ctx.wards[name] = _in_force(w["code"], Level.WARD, last)
    for w in wards.NEW_WARDS:
        ctx.new_wards[w["name"]] = _in_force(w["code"], Level.WARD, wards.REFORM_DATE)


def _link(ctx, old, new, effective, whole, primary, basis) -> None:
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


def _successions(ctx: Context) -> None:
    """The merges of 2020 and January 2025 (those of July 2025 came with the national data)."""
    for merges, day, basis in (
        (wards.MERGED_2020, wards.MERGE_2020_DATE, RESOLUTION_2020),
        (wards.MERGED_2025_JAN, wards.MERGE_2025_JAN_DATE, RESOLUTION_2025_JAN),
    ):
        for m in merges:
            target = ctx.renumbered.get(m["successor"], ctx.wards[m["successor"]])
            whole = not m["other_successors"]
            _link(ctx, ctx.wards[m["name"]], target, day, whole, True, basis)
            for other in m["other_successors"]:
                other = ctx.renumbered.get(other, ctx.wards[other])
                _link(ctx, ctx.wards[m["name"]], other, day, False, False, basis)
    for name, renumbered in ctx.renumbered.items():
        _link(ctx, ctx.wards[name], renumbered, wards.MERGE_2025_JAN_DATE, True, True,
              RESOLUTION_2025_JAN)  # fmt: skip


def build_office(ctx: Context) -> None:
    ctx.office = save_office(
        actor=ctx.actor,
        instance=Office(
            code="PGD-HBT",
            name="Phòng giao dịch NHCSXH quận Hai Bà Trưng",
            area=ctx.district,
            address="Số 30 Lê Đại Hành, Hà Nội",
        ),
    )

    # One point per ward of 2020–2024, at the old ward office; days spread over the month. A
    # first user of the demo should find a transaction day held today: if none of those days
    # is today's, the last point holds its day on today's day of the month (not in the test
    # world, whose calendar the tests read).
    days = [5 + i % 18 for i in range(len(wards.OLD_WARDS))]
    today = business_date().day
    if ctx.with_loans and today not in days:
        days[-1] = today
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
                day_of_month=days[i],
            ),
        )
