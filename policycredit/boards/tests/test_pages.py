"""The boards' screens: the secretariat records a board, a member and a meeting from the forms
(attendance as a checklist of the members in office that day), the minutes print as PDF, the
tasks list puts the overdue first, and the member given a task reports it done."""

import datetime

import pytest

from policycredit.boards.models import Board, Meeting, Task
from policycredit.common.models import BusinessDate

D = datetime.date
pytestmark = pytest.mark.django_db


def set_today(day):
    BusinessDate.objects.all().delete()
    BusinessDate.objects.create(today=day)


@pytest.fixture
def secretariat(client, people):
    set_today(D(2024, 4, 1))
    client.force_login(people["giamdoc"])
    return client


def test_the_secretariat_records_a_board_a_member_and_a_meeting(secretariat, people, district):
    answer = secretariat.post(
        "/boards/new/",
        {
            "level": "district",
            "unit": district.pk,
            "name": "Ban đại diện HĐQT NHCSXH quận Hai Bà Trưng",
            "valid_from": "01/01/2024",
            "valid_to": "30/06/2025",
            "decision": "15/QĐ-UBND",
        },
    )
    board = Board.objects.get(name__endswith="Hai Bà Trưng")
    assert answer.status_code == 302 and answer["Location"] == f"/boards/{board.pk}/"
    # A district board without an end is refused on the form, nothing written.
    refused = secretariat.post(
        "/boards/new/",
        {"level": "district", "unit": district.pk, "name": "Ban", "valid_from": "01/01/2024"},
    )
    assert refused.status_code == 200 and "30/06/2025" in refused.content.decode()
    assert Board.objects.count() == 1

    for name, role in [("Lê Văn Hùng", "head"), ("Ngô Quang Vinh", "member")]:
        answer = secretariat.post(
            f"/boards/{board.pk}/members/new/",
            {
                "full_name": name,
                "position": "Chủ tịch UBND",
                "role": role,
                "term_from": "01/01/2024",
                "user": people["bandaidien"].pk if role == "member" else "",
            },
        )
        assert answer.status_code == 302, answer.content.decode()[:3000]
    head, vinh = board.members.order_by("pk")
    form = secretariat.get(f"/boards/{board.pk}/meetings/new/?held_on=20/03/2024")
    assert form.status_code == 200 and "Ngô Quang Vinh" in form.content.decode()
    answer = secretariat.post(
        f"/boards/{board.pk}/meetings/new/?held_on=20/03/2024",
        {
            "held_on": "20/03/2024",
            "kind": "quarterly",
            "agenda": "Quý I/2024",
            "present": [str(head.pk)],
            f"absent_{vinh.pk}": "Đi công tác",
            "resolution_1_number": "01/NQ-BĐD",
            "resolution_1_text": "Thu hồi nợ quá hạn",
            "task_1_description": "Kiểm tra điểm giao dịch",
            "task_1_member": str(vinh.pk),
            "task_1_due_on": "31/03/2024",
            "task_1_resolution": "01/NQ-BĐD",
            "task_2_description": "Báo cáo nguồn vốn",
            "task_2_body": "NHCSXH PGD",
            "task_2_due_on": "30/06/2024",
        },
    )
    meeting = Meeting.objects.get(board=board)
    assert answer.status_code == 302 and answer["Location"] == f"/boards/meetings/{meeting.pk}/"
    assert meeting.attendance.get(member=vinh).absence_reason == "Đi công tác"
    assert meeting.tasks.count() == 2

    page = secretariat.get(f"/boards/meetings/{meeting.pk}/").content.decode()
    assert "01/NQ-BĐD" in page and "Đi công tác" in page
    pdf = secretariat.get(f"/boards/meetings/{meeting.pk}/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    # On 01/04 the member's task (due 31/03) is overdue: listed first.
    tasks = secretariat.get("/boards/tasks/").content.decode()
    late = Task.objects.get(member=vinh)
    assert tasks.index(f'data-testid="task-{late.pk}" data-state="overdue"') < tasks.index(
        'data-state="open"'
    )

    secretariat.force_login(people["bandaidien"])
    assert (
        'data-testid="progress-form"'
        in secretariat.get(f"/boards/tasks/{late.pk}/").content.decode()
    )
    answer = secretariat.post(
        f"/boards/tasks/{late.pk}/", {"noted_on": "01/04/2024", "note": "Đã kiểm tra", "done": "on"}
    )
    assert answer.status_code == 302
    late.refresh_from_db()
    assert late.done_on == D(2024, 4, 1)
    other = Task.objects.get(body="NHCSXH PGD")
    # The body's task is the secretariat's to report on, not this member's.
    assert "progress-form" not in secretariat.get(f"/boards/tasks/{other.pk}/").content.decode()
    assert (
        secretariat.post(
            f"/boards/tasks/{other.pk}/", {"noted_on": "01/04/2024", "note": "x"}
        ).status_code
        == 403
    )


def test_the_lists_open_for_each_role_that_may_see_them(client, people):
    for username in ["giamdoc", "bandaidien", "phuong.bachmai", "hoiphunu"]:
        client.force_login(people[username])
        assert client.get("/boards/").status_code == 200, username
        assert client.get("/boards/tasks/").status_code == 200, username
    client.force_login(people["bandaidien"])
    assert client.get("/boards/new/").status_code == 403
