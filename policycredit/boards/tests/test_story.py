"""The district board's story: formed in 2024 with its head and two ward chairs, a meeting with
attendance, a resolution and a task given to a ward chair who reports progress and then done;
a chair leaves; a district board past 30/06/2025 is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from policycredit.audit.models import Action, AuditEvent
from policycredit.boards import selectors, services
from policycredit.boards.models import LevelPeriod, Meeting, Task
from policycredit.boards.tests.conftest import unit
from policycredit.common.selectors import replaying
from policycredit.geo.models import Level

D = datetime.date
pytestmark = pytest.mark.django_db


def code(error: ValidationError) -> str:
    return error.value.error_list[0].code


@pytest.fixture
def board(people, district):
    """Hai Bà Trưng's board for 2024 to the end of the district boards, with its head, the
    office's director and the chairs of Bạch Mai (the demo's board member, signed in) and
    Vĩnh Tuy."""
    secretariat = people["giamdoc"]
    with replaying(D(2024, 1, 10)):
        board = services.form_board(
            actor=secretariat,
            level="district",
            unit=district,
            name="Ban đại diện HĐQT NHCSXH quận Hai Bà Trưng",
            valid_from=D(2024, 1, 1),
            valid_to=D(2025, 6, 30),
            decision="15/QĐ-UBND",
            decided_on=D(2023, 12, 28),
        )
        for name, position, role, ward, user in [
            ("Lê Văn Hùng", "Phó Chủ tịch UBND quận Hai Bà Trưng", "head", None, None),
            ("Nguyễn Thị Thanh Hương", "Giám đốc PGD NHCSXH", "standing", None, secretariat),
            ("Ngô Quang Vinh", "Chủ tịch UBND phường Bạch Mai", "member", "00286",
             people["bandaidien"]),
            ("Trần Thị Mai", "Chủ tịch UBND phường Vĩnh Tuy", "member", "00283", None),
        ]:  # fmt: skip
            services.appoint_member(
                actor=secretariat,
                board=board,
                full_name=name,
                position=position,
                role=role,
                term_from=D(2024, 1, 1),
                represents=unit(ward, Level.WARD) if ward else None,
                user=user,
            )
    return board


def member(board, name):
    return board.members.get(full_name=name)


def test_a_meeting_gives_a_task_that_is_followed_to_done(board, people):
    secretariat, chair = people["giamdoc"], people["bandaidien"]
    in_office = selectors.members_in_office(board, D(2024, 3, 20))
    assert [m.full_name for m in in_office][:2] == ["Lê Văn Hùng", "Nguyễn Thị Thanh Hương"]
    absent = member(board, "Trần Thị Mai")
    with replaying(D(2024, 3, 20)):
        meeting = services.record_meeting(
            actor=secretariat,
            board=board,
            held_on=D(2024, 3, 20),
            kind="quarterly",
            agenda="Kết quả quý I/2024",
            attendance={m.pk: ("Đi công tác" if m == absent else None) for m in in_office},
            resolutions=[("01/NQ-BĐD", "Thu hồi nợ quá hạn tại phường Bạch Mai")],
            tasks=[
                services.TaskDraft(
                    description="Kiểm tra Tổ TK&VV tổ dân phố 12",
                    due_on=D(2024, 5, 31),
                    member=member(board, "Ngô Quang Vinh"),
                    resolution_number="01/NQ-BĐD",
                )
            ],
        )
    assert (meeting.year, meeting.quarter) == (2024, 1)
    assert meeting.attendance.filter(present=True).count() == 3
    assert meeting.attendance.get(member=absent).absence_reason == "Đi công tác"
    [task] = meeting.tasks.all()
    assert task.resolution.number == "01/NQ-BĐD"
    assert list(selectors.my_tasks(chair)) == [task]

    with replaying(D(2024, 4, 15)):
        services.report_progress(actor=chair, task=task, noted_on=D(2024, 4, 15), note="Đã họp tổ")
    with replaying(D(2024, 6, 10)):
        assert task.overdue_on(D(2024, 6, 10))
        services.report_progress(
            actor=chair, task=task, noted_on=D(2024, 6, 3), note="Xong", done=True
        )
    task.refresh_from_db()
    assert task.done_on == D(2024, 6, 3)
    assert not task.overdue_on(D(2024, 6, 10))
    assert [p.note for p in task.progress.all()] == ["Đã họp tổ", "Xong"]
    with replaying(D(2024, 6, 10)), pytest.raises(ValidationError) as refused:
        services.report_progress(actor=chair, task=task, noted_on=D(2024, 6, 10), note="Lại")
    assert code(refused) == "already_done"
    actions = set(
        AuditEvent.objects.filter(model__startswith="boards.").values_list("action", flat=True)
    )
    assert {
        Action.BOARD_FORMED,
        Action.BOARD_MEMBER_APPOINTED,
        Action.BOARD_MEETING_HELD,
        Action.BOARD_TASK_ASSIGNED,
        Action.BOARD_TASK_PROGRESS,
        Action.BOARD_TASK_DONE,
    } <= actions


def test_a_meeting_names_every_member_in_office_or_nothing_is_written(board, people):
    in_office = selectors.members_in_office(board, D(2024, 3, 20))
    with replaying(D(2024, 3, 20)), pytest.raises(ValidationError) as refused:
        services.record_meeting(
            actor=people["giamdoc"],
            board=board,
            held_on=D(2024, 3, 20),
            kind="quarterly",
            agenda="Quý I",
            attendance={m.pk: None for m in in_office[1:]},
        )
    assert code(refused) == "attendance_missing"
    with replaying(D(2024, 3, 20)), pytest.raises(ValidationError) as refused:
        services.record_meeting(
            actor=people["giamdoc"],
            board=board,
            held_on=D(2024, 3, 20),
            kind="quarterly",
            agenda="Quý I",
            attendance={m.pk: None for m in in_office},
            tasks=[services.TaskDraft("Việc", D(2024, 3, 1), body="NHCSXH PGD")],
        )
    assert code(refused) == "due_before_meeting"
    assert not Meeting.objects.filter(board=board).exists()
    assert not Task.objects.exists()


def test_a_member_leaves_and_stays_on_the_record(board, people):
    chair = member(board, "Trần Thị Mai")
    with replaying(D(2024, 9, 1)):
        with pytest.raises(ValidationError) as refused:
            services.member_leaves(
                actor=people["giamdoc"], member=chair, left_on=D(2024, 8, 31), reason=" "
            )
        assert code(refused) == "reason_required"
        services.member_leaves(
            actor=people["giamdoc"], member=chair, left_on=D(2024, 8, 31), reason="Nghỉ hưu"
        )
    names = {m.full_name for m in selectors.members_in_office(board, D(2024, 9, 1))}
    assert "Trần Thị Mai" not in names and len(names) == 3
    assert "Trần Thị Mai" in {
        m.full_name for m in selectors.members_in_office(board, D(2024, 8, 31))
    }
    assert board.members.filter(full_name="Trần Thị Mai", left_reason="Nghỉ hưu").exists()


def test_a_district_board_after_june_2025_is_refused(people, district):
    secretariat = people["giamdoc"]
    with replaying(D(2025, 7, 2)), pytest.raises(ValidationError) as refused:
        services.form_board(
            actor=secretariat, level="district", unit=district, name="Ban mới",
            valid_from=D(2025, 7, 1),
        )  # fmt: skip
    assert code(refused) == "level_not_in_force"
    with replaying(D(2024, 1, 2)), pytest.raises(ValidationError) as refused:
        services.form_board(
            actor=secretariat, level="district", unit=district, name="Ban không hạn",
            valid_from=D(2024, 1, 1),
        )  # fmt: skip
    assert code(refused) == "level_ended"
    assert "30/06/2025" in refused.value.messages[0]


def test_the_date_districts_end_is_data(people, district):
    """A decision moving the end of the district level is a row's change, not the code's."""
    LevelPeriod.objects.filter(level="district").update(valid_to=D(2025, 12, 31))
    with replaying(D(2025, 7, 2)):
        board = services.form_board(
            actor=people["giamdoc"], level="district", unit=district, name="Ban",
            valid_from=D(2025, 1, 1), valid_to=D(2025, 6, 30),
        )  # fmt: skip
    assert board.pk


def test_roles_without_the_right_are_refused(board, people):
    with pytest.raises(PermissionDenied):
        services.appoint_member(
            actor=people["giaodich"], board=board, full_name="X", position="Y", role="member",
            term_from=D(2024, 2, 1),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.form_board(
            actor=people["bandaidien"], level="province", unit=board.unit.parent, name="X",
            valid_from=D(2024, 1, 1),
        )  # fmt: skip


def test_one_head_at_a_time(board, people):
    with replaying(D(2024, 2, 1)), pytest.raises(ValidationError) as refused:
        services.appoint_member(
            actor=people["giamdoc"], board=board, full_name="Phạm Văn B", position="Phó Chủ tịch",
            role="head", term_from=D(2024, 2, 1),
        )  # fmt: skip
    assert code(refused) == "two_heads"
