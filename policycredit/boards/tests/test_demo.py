"""The demo's boards (`policycredit.demo.boards.seed`) on the small demo district: the district
board's 46 quarterly meetings of 2014–06/2025, then the city board's, the demo's board member
on both, most tasks done and a few open."""

import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.boards import selectors
from policycredit.boards.models import Board, Task
from policycredit.boards.tests.conftest import unit
from policycredit.demo import boards as demo_boards
from policycredit.demo import wards
from policycredit.demo.context import Context
from policycredit.geo.models import Level

D = datetime.date
pytestmark = pytest.mark.django_db


def context() -> Context:
    """The demo's units as `demo.geography` handed them on, found again in the database."""
    ctx = Context(rng=None, actor=User.objects.get(username="admin"))
    ctx.province = unit(wards.PROVINCE[0], Level.PROVINCE)
    ctx.district = unit(wards.DISTRICT[0], Level.DISTRICT)
    for w in wards.MERGED_2020:
        ctx.wards[w["name"]] = unit(w["code"], Level.WARD, D(2019, 6, 1))
    for w in wards.OLD_WARDS:
        ctx.wards[w["name"]] = unit(w["code"], Level.WARD, D(2024, 6, 1))
    for name, code, since in wards.CODE_CHANGES:
        ctx.renumbered[name] = unit(code, Level.WARD, since)
    for w in wards.NEW_WARDS:
        ctx.new_wards[w["name"]] = unit(w["code"], Level.WARD, wards.REFORM_DATE)
    return ctx


def test_the_demo_boards(people):
    demo_boards.seed(context())
    district, city = Board.objects.order_by("valid_from")
    assert (district.valid_from, district.valid_to) == (D(2014, 1, 1), D(2025, 6, 30))
    assert district.meetings.count() == 46
    assert city.valid_from == D(2025, 7, 1) and city.meetings.count() >= 5
    vinh = people["bandaidien"]
    assert {m.board_id for m in vinh.board_seats.all()} == {district.pk, city.pk}
    chairs = district.members.filter(represents__isnull=False)
    assert chairs.filter(position="Chủ tịch UBND Phường Bạch Mai").count() == 3
    tasks = Task.objects.filter(meeting__board=district)
    assert tasks.filter(done_on__isnull=True).count() == demo_boards.OPEN_AT_THE_END
    assert tasks.filter(done_on__isnull=False).count() > 40
    summary = selectors.year_summary(vinh, 2024, D(2024, 12, 31), unit=district.unit)
    assert summary.meetings == 4 and summary.tasks_assigned >= 4
    # The district's chairs sat on the board: the new Bạch Mai ward's officer sees it.
    assert selectors.boards_for(people["phuong.bachmai"]).filter(pk=district.pk).exists()
