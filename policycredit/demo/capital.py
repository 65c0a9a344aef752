"""The demo district's capital: the central, city and district-budget sources, and their
entrustment decisions and yearly plans since 2014 (amounts from `capital_plan`)."""

import datetime

from policycredit.accounts import policy
from policycredit.accounts.models import User
from policycredit.accounts.roles import Role
from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.capital.services import save_decision, save_source
from policycredit.demo import capital_plan
from policycredit.demo.context import Context
from policycredit.programmes.models import Programme


def build(ctx: Context) -> None:
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
        _decided(
            ctx,
            EntrustmentDecision(
                source=ctx.sources["district"],
                office=ctx.office,
                number=f"{100 + n}/QĐ-UBND",
                date=day,
                amount=amount,
                note="Ủy thác qua NHCSXH cho vay giải quyết việc làm",
            ),
            [job_creation],
        )
    # Central capital funds every programme, job creation from the national employment fund.
    central_programmes = list(Programme.objects.all())
    for year in range(2014, 2027):
        # Central capital reaches the office as a yearly plan (kế hoạch vốn) for its programmes.
        _decided(
            ctx,
            EntrustmentDecision(
                source=ctx.sources["central"],
                office=ctx.office,
                number=f"KH-{year}/NHCSXH-HN",
                date=datetime.date(year, 1, 10),
                amount=capital_plan.central_plan(year),
                note="Kế hoạch vốn Trung ương giao cho Phòng giao dịch",
            ),
            central_programmes,
        )
        _decided(
            ctx,
            EntrustmentDecision(
                source=ctx.sources["city"],
                office=ctx.office,
                number=f"{500 + year - 2014}/QĐ-UBND-HN",
                date=datetime.date(year, 2, 15),
                amount=capital_plan.city_plan(year),
                note="Ngân sách Thành phố ủy thác cho quận Hai Bà Trưng",
            ),
            poor_family,
        )


def _decided(ctx, decision: EntrustmentDecision, programmes) -> EntrustmentDecision:
    """Entered by the office's accountant, approved by its director (four eyes)."""
    accountant = User.objects.get(office=ctx.office, role=Role.ACCOUNTANT)
    director = User.objects.get(office=ctx.office, role=Role.DIRECTOR)
    proposal = save_decision(actor=accountant, instance=decision, programmes=programmes)
    return policy.approve(actor=director, proposal=proposal)
