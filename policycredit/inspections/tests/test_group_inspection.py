"""Stories of the 16/TD group inspection through its service."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from policycredit.audit.models import Action, AuditEvent
from policycredit.inspections import selectors, services
from policycredit.inspections.models import Criterion, GradeBand, GroupInspection
from policycredit.inspections.tests.conftest import set_today
from policycredit.network.models import SavingsGroup

pytestmark = pytest.mark.django_db
D = datetime.date
# 15 + 12 + 20 + 14 + 8 + 10 + 7 = 86 of 100 points: fair on the default sheet.
FAIR = {
    "meetings": 15,
    "board": 12,
    "interest": 20,
    "overdue": 14,
    "savings": 8,
    "loan_use": 10,
    "records": 7,
}


@pytest.fixture
def group(db):
    set_today(D(2026, 11, 30))
    return SavingsGroup.objects.filter(organisation__kind="women").order_by("code").first()


@pytest.fixture
def other_group(db):
    return SavingsGroup.objects.exclude(organisation__kind="women").order_by("code").first()


def inspect(group, by, **kwargs):
    arguments = {"inspected_on": D(2026, 11, 20), "scores": FAIR, **kwargs}
    return services.record_group_inspection(actor=by, group=group, **arguments)


def codes(error) -> set:
    return {e.code for e in error.value.error_list}


def test_the_grade_comes_from_the_criteria_data(group, user):
    done = inspect(group, user("hoiphunu"), findings="Sổ sách ghi chép chưa đầy đủ")
    assert (done.score, done.max_score, done.grade, done.year) == (86, 100, "fair", 2026)
    assert {s.criterion.code: s.score for s in done.scores.all()} == FAIR
    event = AuditEvent.objects.get(action=Action.GROUP_INSPECTED, object_id=str(done.pk))
    assert event.new["scores"] == FAIR and event.new["grade"] == "fair"


def test_a_new_sheet_from_its_date_grades_by_its_own_rows(group, user):
    """From 01/07/2026 the office weighs two criteria only and calls 80 % good."""
    new = D(2026, 7, 1)
    Criterion.objects.create(valid_from=new, code="overdue", position=1, name="NQH", max_score=60)
    Criterion.objects.create(valid_from=new, code="interest", position=2, name="Lãi", max_score=40)
    for grade, start in [("good", 80), ("fair", 60), ("average", 40), ("weak", 0)]:
        GradeBand.objects.create(valid_from=new, grade=grade, min_percent=Decimal(start))
    done = inspect(group, user("tindung"), scores={"overdue": 50, "interest": 32})
    assert (done.score, done.max_score, done.grade, done.sheet_from) == (82, 100, "good", new)
    with pytest.raises(ValidationError) as old_sheet:
        inspect(SavingsGroup.objects.exclude(pk=group.pk).first(), user("tindung"))
    assert codes(old_sheet) == {"unknown_criterion"}


def test_one_inspection_per_group_and_year_and_a_correction_supersedes(group, user):
    first = inspect(group, user("hoiphunu"))
    with pytest.raises(ValidationError) as twice:
        inspect(group, user("tindung"), inspected_on=D(2026, 11, 25))
    assert codes(twice) == {"already_inspected"}
    better = {**FAIR, "board": 15, "records": 10}  # 92 points: good
    second = inspect(
        group,
        user("tindung"),
        scores=better,
        supersedes=first,
        correction_reason="Chấm lại sau khi bổ sung sổ sách",
    )
    assert (second.grade, second.supersedes) == ("good", first)
    assert list(selectors.current_inspections_for(user("tindung")).filter(group=group)) == [second]
    assert GroupInspection.objects.filter(group=group).count() == 2
    assert AuditEvent.objects.filter(action=Action.GROUP_INSPECTION_CORRECTED).count() == 1
    # The next year is a new inspection.
    set_today(D(2027, 1, 15))
    assert inspect(group, user("hoiphunu"), inspected_on=D(2027, 1, 10)).year == 2027


def test_every_criterion_is_scored_within_its_points(group, user):
    with pytest.raises(ValidationError) as missing:
        inspect(group, user("hoiphunu"), scores={**FAIR, "records": None})
    with pytest.raises(ValidationError) as too_many:
        inspect(group, user("hoiphunu"), scores={**FAIR, "records": 11})
    assert (codes(missing), codes(too_many)) == ({"score_missing"}, {"score_out_of_range"})
    assert not GroupInspection.objects.exists()


def test_roles_and_areas_are_checked_in_the_service(group, other_group, user):
    for name in ("giaodich", "giamdoc", "phuong.vinhtuy", "totruong", "bandaidien"):
        with pytest.raises(PermissionDenied):
            inspect(group, user(name))
    with pytest.raises(PermissionDenied) as outside:
        inspect(other_group, user("hoiphunu"))
    assert outside.value.code == "scope"
    assert inspect(other_group, user("tindung")).grade == "fair"


def test_a_day_after_today_is_refused(group, user):
    with pytest.raises(ValidationError) as future:
        inspect(group, user("hoiphunu"), inspected_on=D(2026, 12, 1))
    assert codes(future) == {"future"}


def test_a_group_is_to_inspect_until_inspected_that_year(group, other_group, user):
    officer = user("hoiphunu")
    waiting = list(selectors.groups_to_inspect(officer, 2026))
    assert group in waiting and other_group not in waiting
    assert all(g.organisation.kind == "women" for g in waiting)
    inspect(group, officer)
    assert group not in selectors.groups_to_inspect(officer, 2026)
    assert group in selectors.groups_to_inspect(officer, 2027)
    # Never inspected before comes first; the group inspected last year goes to the end.
    assert list(selectors.groups_to_inspect(officer, 2027))[-1] == group


def test_the_yearly_summary_counts_the_standing_grades(group, user):
    first = inspect(group, user("hoiphunu"))
    inspect(
        group,
        user("hoiphunu"),
        supersedes=first,
        correction_reason="x",
        scores={**FAIR, "overdue": 0, "interest": 5},
    )  # 57 points: average
    rows = selectors.yearly_summary(user("hoiphunu"), 2026)
    assert sum(r.inspected for r in rows) == 1
    [row] = [r for r in rows if r.inspected]
    assert row.by_grade == {"good": 0, "fair": 0, "average": 1, "weak": 0}
    assert row.organisation == group.organisation.name
    assert (
        sum(r.groups for r in rows)
        == selectors.groups_to_inspect(user("hoiphunu"), 2026).count() + 1
    )
