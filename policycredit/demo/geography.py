"""The demo district's places: Hà Nội, Hai Bà Trưng and its wards with the successions of the
2020, January 2025 and July 2025 reforms (data in `wards`), the district's bank office and a
transaction point in each ward of 2020–2024."""

import datetime

from policycredit.demo import names, wards
from policycredit.demo.context import Context
from policycredit.geo.models import AdminUnit, Level, Office, Succession, TransactionPoint
from policycredit.geo.services import (
    save_office,
    save_succession,
    save_transaction_point,
    save_unit,
)

RESOLUTION_2020 = "Nghị quyết 895/NQ-UBTVQH14"
RESOLUTION_2025_JAN = "Nghị quyết 1286/NQ-UBTVQH15"
RESOLUTION_2025_JUL = "Nghị quyết 1656/NQ-UBTVQH15"


def build(ctx: Context) -> None:
    """The units, then the successions between them."""
    _units(ctx)
    _successions(ctx)


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


def _units(ctx: Context) -> None:
    ctx.province = _unit(ctx, wards.PROVINCE[0], wards.PROVINCE[1], Level.PROVINCE, None)
    last_district_day = wards.REFORM_DATE - datetime.timedelta(days=1)
    ctx.district = _unit(
        ctx,
        wards.DISTRICT[0],
        wards.DISTRICT[1],
        Level.DISTRICT,
        ctx.province,
        valid_to=last_district_day,
        basis=RESOLUTION_2025_JUL,
    )
    for m in wards.MERGED_2020:
        ctx.wards[m["name"]] = _unit(
            ctx,
            m["code"],
            m["full_name"],
            Level.WARD,
            ctx.district,
            valid_to=m["until"],
            basis=RESOLUTION_2020,
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
            basis=RESOLUTION_2025_JUL if w["until"] is None else RESOLUTION_2025_JAN,
        )
    for w in wards.NEW_WARDS:
        ctx.new_wards[w["name"]] = _unit(
            ctx,
            w["code"],
            w["full_name"],
            Level.WARD,
            ctx.province,
            valid_from=wards.REFORM_DATE,
            basis=RESOLUTION_2025_JUL,
        )


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
    for m in wards.MERGED_2020:
        _link(
            ctx,
            ctx.wards[m["name"]],
            ctx.wards[m["successor"]],
            wards.MERGE_2020_DATE,
            True,
            True,
            RESOLUTION_2020,
        )
        for other in m["other_successors"]:
            _link(
                ctx,
                ctx.wards[m["name"]],
                ctx.wards[other],
                wards.MERGE_2020_DATE,
                False,
                False,
                RESOLUTION_2020,
            )
    gone_in_january = {m["name"] for m in wards.MERGED_2025_JAN}
    for m in wards.MERGED_2025_JAN:
        whole = not m["other_successors"]
        _link(
            ctx,
            ctx.wards[m["name"]],
            ctx.wards[m["successor"]],
            wards.MERGE_2025_JAN_DATE,
            whole,
            True,
            RESOLUTION_2025_JAN,
        )
        for other in m["other_successors"]:
            _link(
                ctx,
                ctx.wards[m["name"]],
                ctx.wards[other],
                wards.MERGE_2025_JAN_DATE,
                False,
                False,
                RESOLUTION_2025_JAN,
            )
    merged_2020 = {m["name"] for m in wards.MERGED_2020}
    for old, new, whole, primary in wards.SUCCESSION:
        if old in gone_in_january or old in merged_2020:
            continue  # their territory follows the ward that absorbed them
        _link(
            ctx,
            ctx.wards[old],
            ctx.new_wards[new],
            wards.REFORM_DATE,
            whole,
            primary,
            RESOLUTION_2025_JUL,
        )


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
