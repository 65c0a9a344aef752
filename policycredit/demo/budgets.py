"""The demo's local budget capital from plan to use (issue 20): the district budget's plan of
every year 2014–2025 with the year's existing decisions as its transfers (their dates and
amounts unchanged: the review's 80.627 and 73.677 billion come from them), the city's 2024
plan, a recall after the review date, the use of 2023's interest, and the hand-over of the
district's capital to the city on 01/07/2025, when the district was abolished."""

import datetime

from policycredit.budgets import selectors, services
from policycredit.budgets.models import BudgetPlan
from policycredit.capital.models import EntrustmentDecision
from policycredit.demo import capital_plan, wards
from policycredit.demo.context import Context

D = datetime.date
FIRST_YEAR, LAST_YEAR = 2014, 2025


def seed(ctx: Context, hand_over: bool = True) -> None:
    """Run after the loans (the last step of `district.build`): the recall takes only what
    the loans left idle, and after the hand-over the district's source lends no more. The
    small test world passes ``hand_over=False``: its tests still lend from the district's
    source after 2025."""
    district, city = ctx.sources["district"], ctx.sources["city"]
    plans = {}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        plans[year] = _plan_of_year(ctx, district, year, "HĐND quận Hai Bà Trưng")
    _plan_of_year(ctx, city, 2024, "HĐND Thành phố Hà Nội")
    # After the review: the district takes back part of what its loans had not used.
    on = D(2024, 10, 15)
    idle = selectors.idle(district.pk, ctx.office.pk, on)
    amount = min(300_000_000, idle // 1_000_000 * 1_000_000)
    if amount > 0:
        services.recall(
            actor=ctx.actor, plan=plans[2024], date=on, amount=amount,
            document="215/QĐ-UBND", reason="Điều chuyển vốn nhàn rỗi về ngân sách quận",
        )  # fmt: skip
    services.allocate_interest(
        actor=ctx.actor, source=district, office=ctx.office, period_from=D(2023, 1, 1),
        period_to=D(2023, 12, 31), document="35/QĐ-UBND", date=D(2024, 1, 25),
    )  # fmt: skip
    if hand_over:
        hand_over_district(ctx)


def hand_over_district(ctx: Context) -> None:
    """The district's capital handed to the city's budget when the district was abolished."""
    district, city = ctx.sources["district"], ctx.sources["city"]
    held = selectors.capital_at(district.pk, ctx.office.pk, wards.REFORM_DATE)
    held = min(held, selectors.capital_at(district.pk, ctx.office.pk, datetime.date.max))
    if held > 0:
        services.hand_over(
            actor=ctx.actor, source=district, office=ctx.office, date=wards.REFORM_DATE,
            document="3001/QĐ-UBND", document_date=D(2025, 6, 27), parts=[(city, held)],
            note="Quận Hai Bà Trưng kết thúc hoạt động từ 01/07/2025; vốn chuyển về ngân sách "
            "Thành phố (ví dụ của bản demo)",
        )  # fmt: skip


def _plan_of_year(ctx, source, year, council) -> BudgetPlan:
    decisions = list(
        EntrustmentDecision.objects.filter(
            source=source, office=ctx.office, date__year=year
        ).order_by("date", "pk")
    )
    total = sum(d.amount for d in decisions)
    plan = services.save_plan(
        actor=ctx.actor,
        instance=BudgetPlan(
            source=source, office=ctx.office, year=year, planned=total,
            estimate_document=f"Nghị quyết dự toán ngân sách năm {year} ({council})",
            estimate_date=D(year - 1, 12, 20), note="Dự toán của bản demo",
        ),
    )  # fmt: skip
    if decisions:
        first = decisions[0]
        plan = services.record_decision(
            actor=ctx.actor, plan=plan, number=first.number, date=first.date, amount=total
        )
        for decision in decisions:
            services.attach_transfer(actor=ctx.actor, plan=plan, decision=decision)
    return plan


__all__ = ["capital_plan", "hand_over_district", "seed"]
