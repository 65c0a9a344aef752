"""The demo's budgets seeding on the small world: every district year 2014–2025 planned with
its decisions as transfers, the review's figures untouched, the hand-over of 01/07/2025."""

import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.budgets import selectors
from policycredit.capital.models import CapitalSource
from policycredit.capital.selectors import entrusted_total
from policycredit.demo import budgets
from policycredit.demo.context import Context
from policycredit.geo.models import Office
from policycredit.ledger import checks as ledger_checks

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_demo_plans_its_years_and_hands_the_district_over():
    admin = User.objects.get(username="admin")
    district, city = (
        CapitalSource.objects.get(code="NS-HBT"),
        CapitalSource.objects.get(code="NS-HN"),
    )
    ctx = Context(rng=None, actor=admin, office=Office.objects.get(code="PGD-HBT"))
    ctx.sources = {"district": district, "city": city}
    # The small world's build planned the years (without the hand-over, which would stop its
    # tests lending from the district's source after 2025): the full demo hands it over too.
    budgets.hand_over_district(ctx)
    assert entrusted_total(district, D(2024, 6, 11)) == 80_627_000_000
    rows = {r.source_id: r for r in selectors.year_summary(admin, 2024, D(2024, 6, 11))}
    assert rows[district.pk].transferred == rows[district.pk].decided == rows[district.pk].planned
    assert selectors.capital_at(district.pk, ctx.office.pk, D(2024, 6, 11)) == 80_627_000_000
    # A review of the district sees its own budget and the city's money at its office.
    narrowed = selectors.year_summary(admin, 2024, D(2024, 12, 31), unit=district.unit)
    assert {r.source_id for r in narrowed} == {district.pk, city.pk}
    assert all(r.decision_number for r in narrowed)
    assert selectors.capital_at(district.pk, ctx.office.pk, D(2025, 7, 1)) == 0
    rows = {r.source_id: r for r in selectors.year_summary(admin, 2025, D(2025, 12, 31))}
    assert rows[district.pk].handed_over == rows[city.pk].handed_in > 0
    assert ledger_checks.check_books(as_of=D(2026, 1, 1)).differences == []
