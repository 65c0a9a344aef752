"""The supervision's records in the access matrix's two areas (`tests/matrix_world.py`): the
area's plan for 2026 with an open line on the area's group, a check of the group off the plan
by its organisation's officer and one finding of it, each written through the services by the
area's own people. Their ids go to ``area.extra``."""

import datetime

from policycredit.accounts.roles import Role
from policycredit.common.selectors import replaying
from policycredit.supervision import services
from policycredit.supervision.defaults import seed
from policycredit.supervision.models import CheckerKind, FindingKind, SupervisionPlan

CHECKED = datetime.date(2026, 6, 10)


def build(area) -> None:
    seed(FindingKind)  # a test that flushed the database took the migration's rows with it
    staff = area.staff
    # The demo's own plan of the year, when the world was loaded with it.
    plan = SupervisionPlan.objects.filter(office=area.office, year=2026).first()
    plan = plan or services.make_plan(actor=staff[Role.DIRECTOR], office=area.office, year=2026)
    line = services.add_plan_line(
        actor=staff[Role.DIRECTOR],
        plan=plan,
        checker_kind=CheckerKind.ORGANISATION,
        checker_organisation=area.organisation,
        checker_name="Chủ tịch Hội",
        group=area.group,
        month=12,
    )
    officer = staff[Role.ORGANISATION_OFFICER]
    with replaying(CHECKED):
        check = services.record_check(
            actor=officer,
            checker_kind=CheckerKind.ORGANISATION,
            checker_user=officer,
            checker_organisation=area.organisation,
            group=area.group,
            checked_on=CHECKED,
            summary="Kiểm tra sinh hoạt tổ",
        )
        finding = services.record_finding(
            actor=officer,
            check=check,
            kind=FindingKind.objects.get(code="group_rules"),
            description="Tổ không họp định kỳ tháng 5",
            due_on=CHECKED + datetime.timedelta(days=30),
            follow_up_name="Tổ trưởng",
        )
    area.extra |= {
        "supervision_plan": plan.pk,
        "plan_line": line.pk,
        "supervision_check": check.pk,
        "finding": finding.pk,
    }
