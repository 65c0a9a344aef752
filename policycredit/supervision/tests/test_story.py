"""The supervision of 2024 as a story: the director plans the year, the city's board member
checks the Vĩnh Tuy transaction point and finds it was not held on its day, the credit officer
follows it up and resolves it; the year's summary counts it all, with numbers checked by hand."""

import datetime

import pytest

from policycredit.audit.models import Action, AuditEvent
from policycredit.supervision import selectors, services
from policycredit.supervision.models import CheckerKind, FindingKind
from policycredit.supervision.tests.conftest import set_today, vinh_tuy_point, women_group

pytestmark = pytest.mark.django_db
D = datetime.date


def _plan_2024(people, office):
    director = people["giamdoc"]
    plan = services.make_plan(actor=director, office=office, year=2024, note="Kế hoạch năm 2024")
    point, group = vinh_tuy_point(), women_group()
    lines = {
        "member": services.add_plan_line(
            actor=director,
            plan=plan,
            checker_kind=CheckerKind.BOARD_MEMBER,
            checker_user=people["bandaidien"],
            point=point,
            month=5,
        ),
        "women": services.add_plan_line(
            actor=director,
            plan=plan,
            checker_kind=CheckerKind.ORGANISATION,
            checker_organisation=group.organisation,
            checker_name="Bùi Thị Mai",
            group=group,
            month=6,
        ),
        "bank": services.add_plan_line(
            actor=people["tindung"],
            plan=plan,
            checker_kind=CheckerKind.BANK,
            checker_user=people["tindung"],
            point=point,
            month=9,
        ),
        "chair": services.add_plan_line(
            actor=director,
            plan=plan,
            checker_kind=CheckerKind.BOARD_MEMBER,
            checker_name="Chủ tịch UBND phường Vĩnh Tuy",
            ward=point.ward,
            month=10,
        ),
    }
    return plan, lines


def test_a_member_inspects_a_point_and_the_finding_is_followed_to_done(people, office):
    set_today(D(2024, 5, 20))
    plan, lines = _plan_2024(people, office)
    member = people["bandaidien"]
    check = services.record_check(
        actor=member,
        line=lines["member"],
        checked_on=D(2024, 5, 15),
        summary="Kiểm tra điểm giao dịch: điểm không mở đúng ngày 15/5.",
    )
    assert check.checker_kind == CheckerKind.BOARD_MEMBER
    assert check.target_point == lines["member"].target_point and check.office == office
    finding = services.record_finding(
        actor=member,
        check=check,
        kind=FindingKind.objects.get(code="point_not_held"),
        description="Điểm giao dịch không giao dịch ngày 15/5/2024.",
        due_on=D(2024, 6, 30),
        follow_up_user=people["tindung"],
    )
    set_today(D(2024, 6, 25))
    services.add_follow_up(
        actor=people["tindung"],
        finding=finding,
        note="Đã nhắc tổ giao dịch lưu động thực hiện đúng lịch.",
        noted_on=D(2024, 6, 1),
    )
    services.resolve_finding(
        actor=people["tindung"],
        finding=finding,
        resolution="Tháng 6 điểm giao dịch đúng ngày.",
        resolved_on=D(2024, 6, 20),
    )
    finding.refresh_from_db()
    assert finding.resolved_on == D(2024, 6, 20) and finding.resolved_by == people["tindung"]
    actions = set(
        AuditEvent.objects.filter(model__startswith="supervision.").values_list("action", flat=True)
    )
    assert {
        Action.SUPERVISION_PLANNED,
        Action.SUPERVISION_CHECK_RECORDED,
        Action.FINDING_RECORDED,
        Action.FINDING_FOLLOWED_UP,
        Action.FINDING_CLOSED,
    } <= actions
    line = next(
        x for x in selectors.lines_with_progress(member, plan) if x.pk == lines["member"].pk
    )
    assert line.done == check


def test_the_year_summary_counts_planned_done_and_findings(people, office):
    """2024: four lines planned (board member 2, organisation 1, bank 1); done: the member's
    planned check of the point, the bank's planned check, and one check off the plan by the
    ward officer (board member's kind: the ward chair) — 3 done, 2 of them planned. Findings:
    the point not held (resolved 20/06), a misuse (open, due 30/09: overdue at 31/12) and a
    group rules one (open, due 31/01/2025: not overdue at 31/12). As of 30/06 the bank's
    check (in September) and the two later findings are not counted yet."""
    set_today(D(2024, 12, 31))
    _plan, lines = _plan_2024(people, office)
    kinds = {k.code: k for k in FindingKind.objects.all()}
    member, bank = people["bandaidien"], people["tindung"]
    first = services.record_check(
        actor=member, line=lines["member"], checked_on=D(2024, 5, 15), summary="Điểm giao dịch"
    )
    found = services.record_finding(
        actor=member,
        check=first,
        kind=kinds["point_not_held"],
        description="Không giao dịch đúng ngày",
        due_on=D(2024, 6, 30),
        follow_up_name="Tổ giao dịch lưu động",
    )
    services.resolve_finding(
        actor=bank, finding=found, resolution="Đã khắc phục", resolved_on=D(2024, 6, 20)
    )
    second = services.record_check(
        actor=bank, line=lines["bank"], checked_on=D(2024, 9, 10), summary="Kiểm tra điểm"
    )
    services.record_finding(
        actor=bank,
        check=second,
        kind=kinds["loan_misuse"],
        description="Một hộ dùng vốn sửa nhà",
        due_on=D(2024, 9, 30),
        follow_up_user=bank,
    )
    ward_officer = people["phuong.vinhtuy"]
    third = services.record_check(
        actor=ward_officer,
        checker_kind=CheckerKind.BOARD_MEMBER,
        checker_user=ward_officer,
        ward=lines["chair"].target_ward,
        checked_on=D(2024, 11, 5),
        summary="Kiểm tra ngoài kế hoạch",
    )
    services.record_finding(
        actor=ward_officer,
        check=third,
        kind=kinds["group_rules"],
        description="Tổ không họp định kỳ",
        due_on=D(2025, 1, 31),
        follow_up_name="Tổ trưởng",
    )
    year = selectors.year_summary(people["giamdoc"], 2024, D(2024, 12, 31))
    assert (year.checks_planned, year.checks_done, year.planned_done) == (4, 3, 2)
    assert dict(year.by_checker) == {
        str(CheckerKind.BOARD_MEMBER.label): 2,
        str(CheckerKind.ORGANISATION.label): 0,
        str(CheckerKind.BANK.label): 1,
    }
    member_row = year.rows[0]
    assert (member_row.planned, member_row.done_planned, member_row.unplanned) == (2, 1, 1)
    by_kind = dict(year.findings)
    assert by_kind[kinds["point_not_held"].name] == 1
    assert by_kind[kinds["loan_misuse"].name] == 1
    assert by_kind[kinds["group_rules"].name] == 1
    assert by_kind[kinds["overdue"].name] == 0
    assert (year.findings_total, year.findings_resolved) == (3, 1)
    assert (year.findings_open, year.findings_overdue) == (2, 1)

    mid_year = selectors.year_summary(people["giamdoc"], 2024, D(2024, 6, 30))
    assert (mid_year.checks_planned, mid_year.checks_done) == (4, 1)
    assert (mid_year.findings_total, mid_year.findings_resolved, mid_year.findings_open) == (
        1,
        1,
        0,
    )
    # The ward officer sees the ward's rows only: the point and the ward are in Vĩnh Tuy.
    own = selectors.year_summary(ward_officer, 2024, D(2024, 12, 31))
    assert (own.checks_planned, own.checks_done, own.findings_total) == (3, 3, 3)
    # The office's view narrowed to the ward: the same as the ward officer's.
    ward = selectors.year_summary(people["giamdoc"], 2024, D(2024, 12, 31), unit=ward_officer.unit)
    assert (ward.checks_planned, ward.checks_done, ward.findings_total) == (3, 3, 3)
