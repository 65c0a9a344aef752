"""The country's units from the national data: loaded once however often, provinces merged and
communes divided stored as the reform made them."""

import datetime
import sys

import pytest

from policycredit.geo import national
from policycredit.geo.models import AdminUnit, Level, Succession
from policycredit.geo.services import load_national_units

pytestmark = pytest.mark.django_db
LAST, FIRST = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)


def test_hanoi_is_loaded_once_however_often_it_runs():
    # The demo district loaded Hà Nội; loading it again adds nothing.
    again = load_national_units(actor=None, provinces={"01"})
    assert (again.units, again.successions, again.renamed) == (0, 0, 0)
    assert again.already > 600
    hanoi = AdminUnit.objects.get(code="01", level=Level.PROVINCE)
    assert (hanoi.valid_from, hanoi.valid_to) == (None, None)  # went on unchanged
    assert AdminUnit.objects.filter(parent=hanoi, valid_from=FIRST).count() == 126


def test_a_merged_province_ends_and_the_new_one_takes_it_whole():
    loaded = load_national_units(actor=None, provinces={"92"})  # Cần Thơ, Hậu Giang, Sóc Trăng
    assert loaded.units > 0 and not loaded.unresolved
    new = AdminUnit.objects.get(code="92", level=Level.PROVINCE, valid_from=FIRST)
    olds = AdminUnit.objects.filter(level=Level.PROVINCE, successions__successor=new)
    assert {u.code for u in olds} == {"92", "93", "94"}
    assert all(u.valid_to == LAST for u in olds)
    assert all(s.whole and s.primary for s in Succession.objects.filter(successor=new))
    # Every commune of the old map there has exactly one main successor on the new map.
    for ward in AdminUnit.objects.filter(level=Level.WARD, valid_to=LAST, parent__parent__in=olds):
        assert ward.successions.filter(primary=True).count() == 1, ward
    assert load_national_units(actor=None, provinces={"92"}).units == 0


def test_the_package_data_is_read_without_importing_its_address_parser():
    data = national.read({"01"})
    assert "vietnamadminunits.parser" not in sys.modules
    assert data.version == national.version()
    assert {u.level for u in data.units} == {"province", "district", "ward"}
