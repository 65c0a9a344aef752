"""Who sees which supervision rows, and the refusals of the services: the office sees its
office's, the ward officer the rows of his ward, the Women's Union officer those of its groups,
another office's director nothing; a correction supersedes and keeps the findings; a plan line
off the plan's area, a second plan for a year and a follow-up after resolution are refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from policycredit.accounts.models import User
from policycredit.accounts.roles import Role
from policycredit.accounts.services import save_user
from policycredit.geo.models import Office
from policycredit.supervision import selectors, services
from policycredit.supervision.models import CheckerKind, FindingKind, SupervisionCheck
from policycredit.supervision.tests.conftest import (
    other_group,
    point_elsewhere,
    set_today,
    vinh_tuy_point,
    women_group,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def checks(people):
    """A check of each: the Vĩnh Tuy point, a Women's Union group, another organisation's
    group, a point of another ward; each with one finding."""
    set_today(D(2025, 12, 31))
    bank = people["tindung"]
    made = {}
    for name, target in [
        ("point", {"point": vinh_tuy_point()}),
        ("women", {"group": women_group()}),
        ("other", {"group": other_group()}),
        ("elsewhere", {"point": point_elsewhere()}),
    ]:
        check = services.record_check(
            actor=bank,
            checker_kind=CheckerKind.BANK,
            checker_user=bank,
            checked_on=D(2025, 11, 3),
            summary="Kiểm tra",
            **target,
        )
        services.record_finding(
            actor=bank,
            check=check,
            kind=FindingKind.objects.get(code="other"),
            description="Tồn tại",
            due_on=D(2025, 12, 1),
            follow_up_user=bank,
        )
        made[name] = check
    return made


def _seen(user, checks) -> set:
    ids = set(selectors.checks_for(user).values_list("pk", flat=True))
    return {name for name, check in checks.items() if check.pk in ids}


def test_each_role_sees_its_area(people, office, checks):
    everything = set(checks)
    assert _seen(people["giamdoc"], checks) == everything
    assert _seen(people["bandaidien"], checks) == everything  # the city's member: the office
    ward = _seen(people["phuong.vinhtuy"], checks)
    assert "point" in ward and "elsewhere" not in ward
    women = _seen(people["hoiphunu"], checks)
    assert "women" in women and "other" not in women and "point" not in women
    other_office = Office.objects.create(code="PGD-KHAC", name="PGD khác", area=office.area)
    stranger = User(username="khac", role=Role.DIRECTOR, office=other_office)
    stranger.set_unusable_password()
    save_user(actor=None, instance=stranger)  # another office's director: sees nothing
    assert _seen(stranger, checks) == set()
    assert selectors.year_summary(stranger, 2025, D(2025, 12, 31)).findings_total == 0
    officer_year = selectors.year_summary(people["hoiphunu"], 2025, D(2025, 12, 31))
    assert officer_year.findings_total == len(women) and officer_year.findings_overdue == len(women)


def test_a_correction_supersedes_and_keeps_the_findings(people, checks):
    bank = people["tindung"]
    first = checks["point"]
    with pytest.raises(ValidationError) as refused:
        services.record_check(
            actor=bank, supersedes=first, checked_on=D(2025, 11, 4), summary="Sửa"
        )
    assert refused.value.error_list[0].code == "reason_required"
    newer = services.record_check(
        actor=bank,
        supersedes=first,
        correction_reason="Sai ngày",
        checker_kind=CheckerKind.BANK,
        checker_user=bank,
        point=first.target_point,
        checked_on=D(2025, 11, 4),
        summary="Kiểm tra",
    )
    assert set(selectors.current_checks_for(bank).filter(pk__in=[first.pk, newer.pk])) == {newer}
    assert selectors.findings_of(bank, newer).count() == 1
    year = selectors.year_summary(bank, 2025, D(2025, 12, 31))
    assert year.checks_done == 4  # the correction replaces, it does not add
    with pytest.raises(ValidationError):
        services.record_check(
            actor=bank, supersedes=first, correction_reason="Lại", checked_on=D(2025, 11, 5),
            summary="x", checker_kind=CheckerKind.BANK, checker_user=bank,
            point=first.target_point,
        )  # fmt: skip


def test_the_services_refuse_what_is_not_theirs(people, office, checks):
    set_today(D(2025, 12, 31))
    director, bank = people["giamdoc"], people["tindung"]
    plan = services.make_plan(actor=director, office=office, year=2026)
    with pytest.raises(ValidationError):
        services.make_plan(actor=director, office=office, year=2026)
    with pytest.raises(PermissionDenied):
        services.make_plan(actor=people["bandaidien"], office=office, year=2025)
    with pytest.raises(ValidationError) as two:
        services.add_plan_line(
            actor=director,
            plan=plan,
            checker_kind=CheckerKind.BANK,
            checker_user=bank,
            point=vinh_tuy_point(),
            group=women_group(),
            month=3,
        )
    assert two.value.error_list[0].code == "target"
    with pytest.raises(ValidationError) as unnamed:
        services.add_plan_line(
            actor=director, plan=plan, checker_kind=CheckerKind.BANK, point=vinh_tuy_point(),
            month=3,
        )  # fmt: skip
    assert unnamed.value.error_list[0].code == "no_checker"
    with pytest.raises(ValidationError) as not_member:
        services.add_plan_line(
            actor=director, plan=plan, checker_kind=CheckerKind.BOARD_MEMBER, checker_user=bank,
            point=vinh_tuy_point(), month=3,
        )  # fmt: skip
    assert not_member.value.error_list[0].code == "not_board_member"
    finding = checks["point"].findings.get()
    services.resolve_finding(
        actor=bank, finding=finding, resolution="Xong", resolved_on=D(2025, 12, 2)
    )
    with pytest.raises(ValidationError) as closed:
        services.add_follow_up(actor=bank, finding=finding, note="x", noted_on=D(2025, 12, 3))
    assert closed.value.error_list[0].code == "resolved"
    with pytest.raises(ValidationError) as future:
        services.record_check(
            actor=bank, checker_kind=CheckerKind.BANK, checker_user=bank,
            point=vinh_tuy_point(), checked_on=D(2026, 1, 5), summary="x",
        )  # fmt: skip
    assert future.value.error_list[0].code == "future"
    # The Women's Union officer may not record a finding on the Vĩnh Tuy point's check.
    with pytest.raises(PermissionDenied):
        services.record_finding(
            actor=people["hoiphunu"], check=checks["point"],
            kind=FindingKind.objects.get(code="other"), description="x",
            due_on=D(2025, 12, 20), follow_up_name="x",
        )  # fmt: skip
    assert SupervisionCheck.objects.count() == 4
