"""The boards' test world: the small demo district's places and users, a second province with
its own board (the "other province"), and the level periods (a test that flushed the database
took the migration's rows with it)."""

import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.boards import services
from policycredit.boards.defaults import seed
from policycredit.boards.models import LevelPeriod
from policycredit.common.selectors import replaying
from policycredit.geo.models import AdminUnit, Level
from policycredit.geo.services import save_unit

D = datetime.date


@pytest.fixture(autouse=True)
def levels(db):
    seed(LevelPeriod)


@pytest.fixture
def people(db):
    return {u.username: u for u in User.objects.filter(username__in=USERNAMES)}


USERNAMES = ["admin", "giamdoc", "tindung", "giaodich", "bandaidien", "phuong.bachmai", "hoiphunu"]


MID_2024 = D(2024, 6, 1)


def unit(code: str, level: str, day: datetime.date = MID_2024) -> AdminUnit:
    return next(u for u in AdminUnit.objects.filter(code=code, level=level) if u.holds_on(day))


@pytest.fixture
def district(db):
    return unit("007", Level.DISTRICT)


@pytest.fixture
def hanoi(db):
    return unit("01", Level.PROVINCE)


@pytest.fixture
def other_board(people):
    """The board of another province, formed by the administrator."""
    admin = people["admin"]
    province = save_unit(
        actor=admin,
        instance=AdminUnit(code="B99", name="Tỉnh Ngoài", level=Level.PROVINCE),
    )
    with replaying(D(2024, 1, 5)):
        return services.form_board(
            actor=admin,
            level="province",
            unit=province,
            name="Ban đại diện HĐQT NHCSXH tỉnh Ngoài",
            valid_from=D(2024, 1, 1),
        )
