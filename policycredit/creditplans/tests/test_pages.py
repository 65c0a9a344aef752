"""The credit plan's screens: the list, the plan with plan against actual, the form that sets
it (a refusal shown on the form, nothing written), the allocation with its over-allocation
refused, the ward officer's narrower view, the report in the reports' list with its Excel, the
dashboards' panels, and the demo's seeding."""

import datetime
import random

import pytest
from django.urls import reverse

from policycredit.accounts.models import User
from policycredit.capital.models import CapitalSource
from policycredit.creditplans.models import Allocation, CreditPlan, PlanVersion
from policycredit.creditplans.tests.conftest import PROGRAMME, SOURCE
from policycredit.creditplans.tests.test_story import _allocate, _set_2024
from policycredit.demo import creditplans as demo
from policycredit.demo.context import Context
from policycredit.domain.credit_plan import Amounts
from policycredit.programmes.models import Programme
from tests.helpers import shows

pytestmark = pytest.mark.django_db
D = datetime.date
M = 1_000_000


def _line_post(**head) -> dict:
    programme = Programme.objects.get(code=PROGRAMME)
    source = CapitalSource.objects.get(code=SOURCE)
    return {
        "decision_number": "02/KH-TD",
        "programme_0": programme.pk,
        "source_0": source.pk,
        "lending_0": "1.000.000.000",
        "collection_0": "300.000.000",
        "growth_0": "-50.000.000",
        **head,
    }


def test_the_director_sets_a_plan_on_its_form(client_as, lent):
    client = client_as("giamdoc")
    assert client.get(reverse("creditplans:set")).status_code == 200
    post = _line_post(office=lent.office.pk, year="2025", decision_date="10/01/2025")
    response = client.post(reverse("creditplans:set"), post)
    plan = CreditPlan.objects.get(year=2025)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    (line,) = plan.versions.get().lines.all()
    assert (line.lending, line.collection, line.growth) == (1_000 * M, 300 * M, -50 * M)
    page = client.get(plan.get_absolute_url() + "?as_of=30/06/2025")
    assert page.status_code == 200 and shows(page, "02/KH-TD")


def test_a_refused_plan_is_shown_on_the_form_and_nothing_is_written(client_as, lent):
    client = client_as("giamdoc")
    post = _line_post(office=lent.office.pk, year="2025", decision_date="10/01/2023")
    response = client.post(reverse("creditplans:set"), post)
    assert response.status_code == 200 and b'data-testid="errors"' in response.content
    assert not PlanVersion.objects.exists()


def test_an_over_allocation_is_refused_on_the_allocation_screen(client_as, lent):
    director = User.objects.get(username="giamdoc")
    plan = _set_2024(director, lent.office).plan
    _allocate(director, plan, lent.ward_a, Amounts(900 * M, 0, 0))
    client = client_as("giamdoc")
    url = reverse("creditplans:allocate", args=[plan.pk])
    assert client.get(url).status_code == 200
    chosen = f"{url}?as_of=15/01/2024&ward={lent.ward_b.pk}"
    assert client.get(chosen).status_code == 200
    programme = Programme.objects.get(code=PROGRAMME)
    source = CapitalSource.objects.get(code=SOURCE)
    key = f"{programme.pk}_{source.pk}"
    response = client.post(chosen, {"valid_from": "15/01/2024", f"lending_{key}": "200.000.000"})
    assert response.status_code == 200 and b'data-testid="errors"' in response.content
    assert Allocation.objects.count() == 1
    response = client.post(chosen, {"valid_from": "15/01/2024", f"lending_{key}": "100.000.000"})
    assert response.status_code == 302
    assert Allocation.objects.count() == 2
    # A ward not of the office answers 400, never someone else's allocation.
    assert client.get(f"{url}?ward=abc").status_code == 400


def test_the_plan_page_and_the_report_show_plan_against_actual(client_as, lent):
    director = User.objects.get(username="giamdoc")
    plan = _set_2024(director, lent.office).plan
    _allocate(director, plan, lent.ward_a, Amounts(400 * M, 100 * M, 300 * M))
    client = client_as("giamdoc")
    page = client.get(plan.get_absolute_url() + "?as_of=30/06/2024")
    assert shows(page, "70.000.000") and shows(page, "1.000.000.000")
    report = reverse("reporting:report", args=["credit_plan"])
    assert shows(client.get(reverse("reporting:index")), report)
    shown = client.get(f"{report}?as_of=30/06/2024")
    assert shown.status_code == 200 and shows(shown, "70.000.000")
    workbook = client.get(f"{report}?as_of=30/06/2024&format=xlsx")
    assert workbook.status_code == 200
    dashboard = client.get(reverse("reporting:dashboard") + "?as_of=30/06/2024")
    assert b'data-testid="panel-credit_plan"' in dashboard.content


def test_the_ward_officer_sees_only_his_ward(client_as, lent):
    director = User.objects.get(username="giamdoc")
    plan = _set_2024(director, lent.office).plan
    _allocate(director, plan, lent.ward_a, Amounts(400 * M, 100 * M, 300 * M))
    _allocate(director, plan, lent.ward_b, Amounts(500 * M, 150 * M, 350 * M))
    officer = User(username="kh.ward.page", role="ward_officer", unit=lent.ward_b)
    officer.set_unusable_password()
    officer.save()
    client = client_as("kh.ward.page")
    page = client.get(plan.get_absolute_url() + "?as_of=30/06/2024")
    assert page.status_code == 200
    assert shows(page, lent.ward_b.name) and not shows(page, lent.ward_a.name)
    assert client.get(reverse("creditplans:allocate", args=[plan.pk])).status_code == 403


def test_the_demo_plans_are_sized_from_its_loans(lent):
    ctx = Context(rng=random.Random(1), actor=User.objects.get(username="admin"))
    ctx.office = lent.office
    demo.seed(ctx)
    plan = CreditPlan.objects.get(office=lent.office, year=2024)
    assert plan.versions.count() == 2
    first, revised = plan.versions.order_by("number")
    (line,) = first.lines.all()
    assert line.lending == 67 * M  # 95 % of the 70 million lent in 2024, up to the million
    assert revised.lines.get().lending == 77 * M  # 110 %
    assert Allocation.objects.filter(plan=plan, kind="ward").exists()
    assert Allocation.objects.filter(plan=plan, kind="organisation").exists()
    assert set(CreditPlan.objects.values_list("year", flat=True)) >= {2023, 2024}
