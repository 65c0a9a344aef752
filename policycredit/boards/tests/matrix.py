"""The boards' records in the access matrix's two areas (`tests/matrix_world.py`): the board
of the province above the area's office, formed by the office's director as its secretariat,
with the area's board member on it, one quarterly meeting with a resolution and a task given to
that member. Their ids go to ``area.extra``."""

import datetime

from policycredit.accounts.roles import Role
from policycredit.boards import services
from policycredit.boards.defaults import seed
from policycredit.boards.models import LevelPeriod
from policycredit.common.selectors import replaying

FORMED, MET = datetime.date(2025, 7, 1), datetime.date(2026, 3, 20)


def build(area) -> None:
    seed(LevelPeriod)  # a test that flushed the database took the migration's rows with it
    director, member_user = area.staff[Role.DIRECTOR], area.staff[Role.BOARD_MEMBER]
    province = area.office.area.parent
    with replaying(FORMED):
        board = services.form_board(
            actor=director,
            level="province",
            unit=province,
            name=f"Ban đại diện HĐQT NHCSXH {province.name}",
            valid_from=FORMED,
        )
        head = services.appoint_member(
            actor=director,
            board=board,
            full_name="Lê Văn Trưởng",
            position=f"Phó Chủ tịch UBND {province.name}",
            role="head",
            term_from=FORMED,
        )
        member = services.appoint_member(
            actor=director,
            board=board,
            full_name="Ngô Quang Thành Viên",
            position="Chủ tịch UBND phường",
            role="member",
            term_from=FORMED,
            user=member_user,
        )
    with replaying(MET):
        meeting = services.record_meeting(
            actor=director,
            board=board,
            held_on=MET,
            kind="quarterly",
            agenda="Kết quả quý I/2026",
            attendance={head.pk: None, member.pk: None},
            resolutions=[("01/NQ-BĐD", "Thu hồi nợ quá hạn")],
            tasks=[services.TaskDraft("Kiểm tra điểm giao dịch", MET, member=member)],
        )
    area.extra.update(
        board=board.pk,
        board_member=member.pk,
        meeting=meeting.pk,
        board_task=meeting.tasks.get().pk,
    )
