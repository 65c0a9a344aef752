"""The July 2025 reform, asked both ways: which new ward holds an old one, and the reverse."""

import datetime

import pytest

from policycredit.geo.models import AdminUnit
from policycredit.geo.selectors import (
    current_unit,
    main_successor,
    predecessors_of,
    successors_of,
    wards_reported_under,
)

pytestmark = pytest.mark.django_db


def old(name):
    # Of the district (Hà Nội has other wards of the same names).
    return AdminUnit.objects.get(name=f"Phường {name}", valid_from__isnull=True, parent__code="007")


def new(name):
    return AdminUnit.objects.get(name=f"Phường {name}", valid_from=datetime.date(2025, 7, 1))


def test_which_new_wards_hold_old_nguyen_du():
    # The national conversion (vietnamadminunits) also gives part of it to Văn Miếu – Quốc Tử
    # Giám; its main successor is Hai Bà Trưng.
    assert {u.name for u in successors_of(old("Nguyễn Du"))} == {
        "Phường Hai Bà Trưng",
        "Phường Cửa Nam",
        "Phường Văn Miếu - Quốc Tử Giám",
    }
    assert main_successor(old("Nguyễn Du")) == new("Hai Bà Trưng")


def test_where_the_national_conversion_differs_from_the_press_reading():
    # The hand-kept succession (before 12/2026) made Hồng Hà Bạch Đằng's main successor and
    # Bạch Mai Minh Khai's; the conversion names Hai Bà Trưng and Tương Mai, and sends part of
    # Thanh Lương to Lĩnh Nam (docs/domain/geography.md).
    assert main_successor(old("Bạch Đằng")) == new("Hai Bà Trưng")
    assert new("Lĩnh Nam") in successors_of(old("Thanh Lương"))
    assert main_successor(old("Thanh Lương")) == new("Vĩnh Tuy")


def test_which_old_wards_make_new_hai_ba_trung():
    assert {u.name for u in predecessors_of(new("Hai Bà Trưng"))} == {
        "Phường Nguyễn Du",
        "Phường Bạch Đằng",
        "Phường Phạm Đình Hổ",
        "Phường Lê Đại Hành",
        "Phường Đồng Nhân",
        "Phường Phố Huế",
        "Phường Thanh Nhàn",
    }


def test_an_old_ward_resolves_to_its_main_successor_on_a_date():
    cau_den = old("Cầu Dền")  # merged on 01/01/2025, then the July reform
    assert current_unit(cau_den, datetime.date(2024, 12, 31)) == cau_den
    assert current_unit(cau_den, datetime.date(2025, 3, 1)).name == "Phường Thanh Nhàn"
    assert current_unit(cau_den, datetime.date(2026, 1, 1)) == new("Bạch Mai")


def test_records_of_wards_merged_twice_are_reported_under_todays_ward():
    under = set(
        AdminUnit.objects.filter(id__in=wards_reported_under(new("Hai Bà Trưng"))).values_list(
            "name", flat=True
        )
    )
    # Đống Mác went into Đồng Nhân in January 2025, then into Hai Bà Trưng in July.
    assert {"Phường Đống Mác", "Phường Đồng Nhân", "Phường Bùi Thị Xuân"} <= under
    assert "Phường Bạch Mai" not in under


def test_every_old_ward_has_exactly_one_main_successor():
    for unit in AdminUnit.objects.filter(level="ward", valid_to__isnull=False):
        assert unit.successions.filter(primary=True).count() == 1, unit


def test_district_closed_and_new_wards_belong_to_the_city():
    district = AdminUnit.objects.get(level="district", code="007")
    assert district.valid_to == datetime.date(2025, 6, 30)
    assert new("Vĩnh Tuy").parent.level == "province"
