"""The demo district, with loans, shows issue 18's work waiting in each role's queue,
and its books stay right after the field work the loader did through the services."""

import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from policycredit.accounts.models import User
from policycredit.borrowers.models import Household
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import business_date, replaying
from policycredit.demo import field
from policycredit.demo import loans as demo_loans
from policycredit.demo.district import Context
from policycredit.demo.field import POINTS, _scores
from policycredit.geo.models import Office, TransactionPoint
from policycredit.inspections import grading
from policycredit.inspections.defaults import BANDS, CRITERIA
from policycredit.inspections.models import GroupInspection, LoanUseCheck, UseOutcome
from policycredit.loans.models import Loan
from policycredit.network.models import SavingsGroup
from policycredit.restructuring.models import Measure, MeasureStatus, RiskDossier
from policycredit.restructuring.selectors import measures_waiting
from policycredit.web.queues import queues_for

# The loader's history, driven through the services over a short window (as test_demo_loans
# does): the field work needs loans lent a month to half a year before "today", not twelve
# years of them, and the full history would cost a minute of the suite.
END = datetime.date(2015, 9, 30)


def queue(username: str, name: str):
    user = User.objects.get(username=username)
    (found,) = [q for q in queues_for(user, business_date()) if q.name == name]
    return found


@pytest.fixture
def field_work():
    ctx = Context(rng=random.Random(7), actor=User.objects.get(username="admin"), with_loans=True)
    ctx.office = Office.objects.get()
    ctx.points = {p.pk: p for p in TransactionPoint.objects.all()}
    ctx.groups = list(SavingsGroup.objects.all())
    ctx.households = list(Household.objects.all())
    ctx.sources = {
        "central": CapitalSource.objects.get(code="TW"),
        "city": CapitalSource.objects.get(code="NS-HN"),
        "district": CapitalSource.objects.get(code="NS-HBT"),
    }
    with replaying(END):
        demo_loans.build(ctx, END, progress=lambda message: None)
        field.build(ctx)
        yield


@pytest.mark.django_db
def test_the_demo_shows_each_role_its_waiting_field_work_and_the_books_stay_right(
    client, field_work
):
    today = business_date()

    # The ward of Vĩnh Tuy has one dossier to confirm; the director one extension to approve,
    # on an instalment the credit officer sees due within 30 days.
    assert queue("phuong.vinhtuy", "dossiers").count == 1
    waiting = measures_waiting(User.objects.get(username="giamdoc"))
    assert waiting.count() == 1
    assert queue("giamdoc", "approvals").count >= 1
    extensions = queue("tindung", "extensions")
    assert waiting.get().loan.number in [item.key for item in extensions.items]
    assert queue("tindung", "checks-06td").count > 0
    assert queue("hoiphunu", "groups-16td").count > 0

    # Three dossiers of households in three wards (confirmed by the wards in force on the
    # day); the one done has its decision document to print.
    assert RiskDossier.objects.values("loan__household__ward").distinct().count() == 3
    for dossier in RiskDossier.objects.select_related("ward"):  # a ward in force then
        assert dossier.ward.valid_to is None or dossier.ward.valid_to >= dossier.opened_on
    assert all(d.loss_percent < 40 for d in RiskDossier.objects.all())
    (done,) = [m for m in Measure.objects.all() if m.status == MeasureStatus.DONE]
    assert done.decision_number and done.decided_on < today
    client.force_login(User.objects.get(username="tindung"))
    pdf = client.get(reverse("restructuring:decision", args=[done.pk]) + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    # About two thirds of the loans lent 30 to 180 days ago are checked, one of them partly;
    # the jobs found are near the plan.
    lent = Loan.objects.filter(
        first_disbursed_on__gte=today - datetime.timedelta(days=180),
        first_disbursed_on__lte=today - datetime.timedelta(days=30),
        status__in=["active", "overdue", "frozen"],
    )
    checks = LoanUseCheck.objects.filter(loan__in=lent)
    assert 0.4 * lent.count() <= checks.count() <= 0.9 * lent.count()
    assert checks.filter(outcome=UseOutcome.PARTLY).count() == 1
    for check in checks.filter(jobs_new__isnull=False).select_related("loan"):
        assert check.jobs_new <= check.loan.jobs_new_planned + 2
        assert check.jobs_maintained <= check.loan.jobs_maintained_planned + 2

    # About half of the groups inspected this year, most good or fair, one or two weak.
    inspections = GroupInspection.objects.filter(year=today.year)
    groups = SavingsGroup.objects.filter(closed__isnull=True).count()
    assert 0.25 * groups <= inspections.count() <= 0.75 * groups
    grades = list(inspections.values_list("grade", flat=True))
    assert 1 <= grades.count("weak") <= 2
    assert grades.count("good") + grades.count("fair") > len(grades) / 2

    call_command("ledger", "check", "--deep", "--lang", "en", stdout=io.StringIO())


@given(seed=st.integers(0, 2**32), grade=st.sampled_from(sorted(POINTS)))
def test_a_score_sheet_drawn_for_a_grade_is_graded_so(seed, grade):
    most = {code: points for code, _name, points in CRITERIA}
    scores = _scores(random.Random(seed), most, grade)
    assert all(0 <= scores[code] <= most[code] for code in most)
    assert grading.grade(grading.total(most, scores), sum(most.values()), BANDS) == grade
