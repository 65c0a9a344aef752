"""A loan whose instalment falls due next week, in a ward whose officer confirms its dossier,
and the people of each step (the demo's credit officer, director and ward officer)."""

import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.accounts.selectors import scope_of
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import business_date, replaying
from policycredit.domain.loan import Instalment
from policycredit.network.models import Membership
from policycredit.programmes.models import Programme
from policycredit.restructuring.defaults import install
from policycredit.restructuring.models import ApprovalRule, LossBand

WARD_OFFICER = "phuong.vinhtuy"
DAY = datetime.timedelta(days=1)


def loan_due_next_week(*, source: str = "TW", amount: int = 30_000_000, days_ago: int = 40):
    """A loan disbursed ``days_ago`` to a household of the ward with none yet: half falls due
    in 7 days, the rest in a year. Central capital lends to a poor household (programme HN),
    the district budget for jobs (GQVL)."""
    from policycredit.loans import services

    install(LossBand, ApprovalRule)  # an emptied database is refilled by the demo loader only
    today = business_date()
    wards = scope_of(User.objects.get(username=WARD_OFFICER)).ward_ids
    members = Membership.objects.filter(
        left__isnull=True, household__head__isnull=False, household__ward_id__in=wards
    ).select_related("household__head", "group")
    members = members.exclude(household__loans__isnull=False).order_by("pk")
    if source == "TW":  # central capital lends here under the poor-household programme
        members = [m for m in members if _latest_status(m.household, today.year) == "poor"]
    member = members[0]
    disbursed = today - days_ago * DAY
    request = services.LoanRequest(
        household=member.household,
        borrower=member.household.head,
        programme=Programme.objects.get(code="HN" if source == "TW" else "GQVL"),
        group=member.group,
        amount=amount,
        term_months=24,
        purpose="Sản xuất",
        applied_on=disbursed - 10 * DAY,
        approved_on=disbursed - 5 * DAY,
        disbursed_on=disbursed,
        source=CapitalSource.objects.get(code=source),
        instalments=(
            Instalment(today + 7 * DAY, amount // 2),
            Instalment(today + 365 * DAY, amount - amount // 2),
        ),
        jobs_new_planned=1,
    )
    users = [User.objects.get(username=u) for u in ("tindung", "giamdoc", "giaodich")]
    with replaying(disbursed):
        (loan,) = services.originate_many(
            actor=users[0], approver=users[1], disburser=users[2], requests=[request]
        )
    return loan


def _latest_status(household, year):
    latest = household.poverty_records.filter(year__lte=year).order_by("-year").first()
    return latest.status if latest else None


@pytest.fixture
def scans_root(settings, tmp_path):
    settings.POLICYCREDIT_MEDIA_ROOT = tmp_path / "media"
    return settings.POLICYCREDIT_MEDIA_ROOT


@pytest.fixture
def loan(db):
    return loan_due_next_week()


@pytest.fixture
def people(db):
    return {
        u: User.objects.get(username=u)
        for u in ("tindung", "giamdoc", WARD_OFFICER, "hoiphunu", "phuong.bachmai", "giaodich")
    }
