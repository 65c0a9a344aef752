"""The year's summary the review document reads, with figures counted by hand, and who sees
which board (a board outside the user's area is a 404)."""

import datetime

import pytest

from policycredit.boards import selectors, services
from policycredit.common.selectors import replaying

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2024(people, district):
    """The district board in 2024: three members (one leaves on 31/07), three meetings (20/03,
    18/06, 10/10), three resolutions in the first two, and three tasks:
    A (20/03, due 31/05, done 20/05), B (18/06, due 31/07, never done), C (18/06, due 30/09,
    done 05/10)."""
    secretariat = people["giamdoc"]
    with replaying(D(2024, 1, 5)):
        board = services.form_board(
            actor=secretariat,
            level="district",
            unit=district,
            name="Ban đại diện quận Hai Bà Trưng",
            valid_from=D(2024, 1, 1),
            valid_to=D(2025, 6, 30),
        )
        head, chair, gone = (
            services.appoint_member(
                actor=secretariat,
                board=board,
                full_name=name,
                position=position,
                role=role,
                term_from=D(2024, 1, 1),
            )
            for name, position, role in [
                ("Lê Văn Hùng", "Phó Chủ tịch UBND quận", "head"),
                ("Ngô Quang Vinh", "Chủ tịch UBND phường Bạch Mai", "member"),
                ("Trần Thị Mai", "Chủ tịch UBND phường Vĩnh Tuy", "member"),
            ]
        )

    def meet(day, resolutions, tasks, members):
        with replaying(day):
            return services.record_meeting(
                actor=secretariat,
                board=board,
                held_on=day,
                kind="quarterly",
                agenda="Quý",
                attendance={m.pk: None for m in members},
                resolutions=resolutions,
                tasks=[services.TaskDraft(f"Việc {n}", due, body="NHCSXH PGD") for n, due in tasks],
            )

    first = meet(D(2024, 3, 20), [("01/NQ", "Một")], [("A", D(2024, 5, 31))], [head, chair, gone])
    second = meet(
        D(2024, 6, 18),
        [("02/NQ", "Hai"), ("03/NQ", "Ba")],
        [("B", D(2024, 7, 31)), ("C", D(2024, 9, 30))],
        [head, chair, gone],
    )
    with replaying(D(2024, 8, 1)):
        services.member_leaves(
            actor=secretariat, member=gone, left_on=D(2024, 7, 31), reason="Nghỉ hưu"
        )
    meet(D(2024, 10, 10), [], [], [head, chair])
    tasks = {t.description[-1]: t for t in [*first.tasks.all(), *second.tasks.all()]}
    for letter, day in [("A", D(2024, 5, 20)), ("C", D(2024, 10, 5))]:
        with replaying(day):
            services.report_progress(
                actor=secretariat, task=tasks[letter], noted_on=day, note="Xong", done=True
            )
    return board


def test_the_year_as_of_mid_september(year_2024, people, district):
    summary = selectors.year_summary(people["giamdoc"], 2024, D(2024, 9, 15))
    assert summary.boards == ["Ban đại diện quận Hai Bà Trưng"]
    # Vĩnh Tuy's chair left on 31/07.
    assert summary.members == [
        ("Lê Văn Hùng", "Phó Chủ tịch UBND quận"),
        ("Ngô Quang Vinh", "Chủ tịch UBND phường Bạch Mai"),
    ]
    assert summary.meetings == 2 and summary.meeting_dates == [D(2024, 3, 20), D(2024, 6, 18)]
    assert summary.resolutions == 3
    # A done; B open and past due (31/07); C open, due 30/09, not yet late.
    assert (summary.tasks_assigned, summary.tasks_done, summary.tasks_open) == (3, 1, 2)
    assert summary.tasks_overdue == 1


def test_the_whole_year(year_2024, people, district):
    summary = selectors.year_summary(people["bandaidien"], 2024, D(2025, 6, 11), unit=district)
    assert summary.meetings == 3 and summary.resolutions == 3
    assert (summary.tasks_assigned, summary.tasks_done, summary.tasks_open) == (3, 2, 1)
    assert summary.tasks_overdue == 1
    assert len(summary.members) == 2  # in office on 31/12/2024


def test_another_unit_or_year_counts_nothing(year_2024, people, other_board):
    other = selectors.year_summary(people["admin"], 2024, D(2024, 12, 31), unit=other_board.unit)
    assert other.boards == ["Ban đại diện HĐQT NHCSXH tỉnh Ngoài"]
    assert (other.meetings, other.tasks_assigned, other.members) == (0, 0, [])
    earlier = selectors.year_summary(people["giamdoc"], 2023, D(2023, 12, 31))
    assert earlier.boards == [] and earlier.meetings == 0


# ------------------------------------------------------------------------------ scope


def test_who_sees_which_board(year_2024, people, other_board, hanoi):
    with replaying(D(2025, 7, 2)):
        city = services.form_board(
            actor=people["giamdoc"],
            level="province",
            unit=hanoi,
            name="Ban đại diện HĐQT NHCSXH Thành phố Hà Nội",
            valid_from=D(2025, 7, 1),
        )
    both = {year_2024.pk, city.pk}
    for username in ["giamdoc", "tindung", "bandaidien", "phuong.bachmai", "hoiphunu"]:
        seen = set(selectors.boards_for(people[username]).values_list("pk", flat=True))
        assert seen == both, username
    assert other_board.pk in set(selectors.boards_for(people["admin"]).values_list("pk", flat=True))


def test_another_provinces_board_is_a_404(year_2024, people, other_board, client):
    client.force_login(people["bandaidien"])
    assert client.get(f"/boards/{year_2024.pk}/").status_code == 200
    assert client.get(f"/boards/{other_board.pk}/").status_code == 404
    client.force_login(people["giaodich"])  # a teller may not see the boards
    assert client.get(f"/boards/{year_2024.pk}/").status_code == 403
