"""The whole country's administrative units, before and after the July 2025 reform, as the
`vietnamadminunits` package publishes them (MIT licence; the General Statistics Office's units
and the official conversion from the 63-province to the 34-province map).

Pure reading, no Django: `read()` returns the units and the successions as plain records keyed
by the statistics office's codes; `geo.services.load_national_units` writes what is missing.
The package's data files are read directly: importing the package itself would load its
address parser (shapely, geopy), which PolicyCredit does not use.

How the data becomes units with dates:

* Districts and the communes under them (10,040, as they stood on 30/06/2025) end on
  30/06/2025; their start is unknown (None: "before the records begin").
* The 3,321 communes of the new map start on 01/07/2025, directly under their province.
* A province whose code, name and territory did not change (11 of them) is one unit with no
  dates; a province merged into another ends on 30/06/2025 and the new province starts on
  01/07/2025, even when it keeps one old province's code and name.
* Successions: an old commune taken whole by one new commune is a whole, main succession; one
  divided between several has a partial succession to each, the package's "default new ward"
  being the main one (where its records are reported). The five island districts with no
  communes succeed to the special zones (đặc khu) directly.
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from importlib.metadata import version as installed
from pathlib import Path

REFORM = datetime.date(2025, 7, 1)
LAST_DAY = REFORM - datetime.timedelta(days=1)
PACKAGE = "vietnamadminunits"
BASIS_REFORM = (
    "Nghị quyết 202/2025/QH15 (tỉnh); Nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã năm 2025; "
    "Quyết định 19/2025/QĐ-TTg (mã số)"
)
# The Standing Committee's resolution on each province's communes, where the project has
# checked it (the package does not carry them): by the new province's code.
WARD_RESOLUTIONS = {"01": "Nghị quyết 1656/NQ-UBTVQH15"}


def basis(unit: Unit) -> str:
    """The legal basis of a unit of the new map (or of a succession into it)."""
    if unit.level == "ward" and unit.valid_from == REFORM and unit.parent:
        return WARD_RESOLUTIONS.get(unit.parent[1], BASIS_REFORM)
    return BASIS_REFORM


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str  # "province", "district", "ward" (geo.models.Level)
    parent: tuple | None  # the parent's key
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    province: str = ""  # the code of the province it is in (for its legal basis)

    @property
    def key(self) -> tuple:
        return (self.level, self.code, self.valid_from)


@dataclass(frozen=True)
class Link:
    old: tuple  # unit keys
    new: tuple
    whole: bool
    primary: bool


@dataclass
class Dataset:
    version: str
    units: list[Unit]
    links: list[Link]
    unresolved: list[str]  # conversion entries naming a unit the lists do not have


def _folder() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"the {PACKAGE} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def version() -> str:
    return installed(PACKAGE)


def read(provinces: set[str] | None = None) -> Dataset:
    """The units and successions; only those of the given province codes (old or new) if any."""
    folder = _folder()
    with sqlite3.connect(folder / "dataset.db") as db:
        legacy = db.execute(
            "SELECT DISTINCT provinceCode, province, provinceKey, districtCode, district, "
            "districtKey, wardCode, ward, wardKey FROM admin_units_legacy"
        ).fetchall()
        current = db.execute(
            "SELECT DISTINCT provinceCode, province, provinceKey, wardCode, ward, wardKey "
            "FROM admin_units"
        ).fetchall()
    conversion = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))
    return _Build(legacy, current, conversion, provinces).dataset()


class _Build:
    def __init__(self, legacy, current, conversion, provinces):
        self.units: dict[tuple, Unit] = {}
        self.links: dict[tuple, Link] = {}
        self.primaries: set[tuple] = set()
        self.unresolved: list[str] = []
        self.old_province: dict[str, tuple] = {}  # province key -> unit key
        self.new_province: dict[str, tuple] = {}
        self.old_ward: dict[str, tuple] = {}  # "province_district_ward" key -> unit key
        self.new_ward: dict[tuple, tuple] = {}  # (province key, ward key) -> unit key
        merged = self._merged_provinces(conversion["DICT_PROVINCE"], legacy, current)
        wanted = self._wanted(conversion["DICT_PROVINCE"], legacy, current, provinces)
        self._old(legacy, merged, wanted)
        self._new(current, merged, wanted)
        self._province_links(conversion["DICT_PROVINCE"], merged)
        self._ward_links(conversion, wanted)
        self._one_main_successor()

    def dataset(self) -> Dataset:
        return Dataset(version(), list(self.units.values()), list(self.links.values()),
                       self.unresolved)  # fmt: skip

    @staticmethod
    def _merged_provinces(provinces: dict, legacy, current) -> set[str]:
        """Keys of the provinces that did not go on unchanged (old and new)."""
        old_codes = {r[2]: (r[0], r[1]) for r in legacy}
        new_codes = {r[2]: (r[0], r[1]) for r in current}
        merged = set()
        for new, olds in provinces.items():
            if olds != [new] or old_codes.get(new) != new_codes.get(new):
                merged |= {new, *olds}
        return merged

    @staticmethod
    def _wanted(provinces: dict, legacy, current, codes) -> set[str] | None:
        """Province keys (old and new) to load: the codes given, with what they merged with."""
        if not codes:
            return None
        keys = {r[2] for r in legacy if r[0] in codes} | {r[2] for r in current if r[0] in codes}
        for new, olds in provinces.items():
            if new in keys or keys & set(olds):
                keys |= {new, *olds}
        return keys

    def _add(self, unit: Unit) -> tuple:
        self.units.setdefault(unit.key, unit)
        return unit.key

    def _old(self, legacy, merged, wanted) -> None:
        for p_code, p_name, p_key, d_code, d_name, d_key, w_code, w_name, w_key in legacy:
            if wanted is not None and p_key not in wanted:
                continue
            ends = LAST_DAY if p_key in merged else None
            province = self._add(Unit(p_code, p_name, "province", None, None, ends))
            self.old_province[p_key] = province
            district = self._add(Unit(d_code, d_name, "district", province, None, LAST_DAY, p_code))
            if w_code:
                ward = self._add(Unit(w_code, w_name, "ward", district, None, LAST_DAY, p_code))
                self.old_ward[f"{p_key}_{d_key}_{w_key}"] = ward
            else:  # an island district with no communes: it is its own predecessor
                self.old_ward[f"{p_key}_{d_key}_"] = district

    def _new(self, current, merged, wanted) -> None:
        for p_code, p_name, p_key, w_code, w_name, w_key in current:
            if wanted is not None and p_key not in wanted:
                continue
            starts = REFORM if p_key in merged else None
            province = self._add(Unit(p_code, p_name, "province", None, starts, None))
            self.new_province[p_key] = province
            ward = self._add(Unit(w_code, w_name, "ward", province, REFORM, None, p_code))
            self.new_ward[(p_key, w_key)] = ward

    def _link(self, old, new, whole, primary) -> None:
        if old == new or (old, new) in self.links:
            return
        if primary and old in self.primaries:
            primary = False  # one main successor: the first the conversion names
        if primary:
            self.primaries.add(old)
        self.links[(old, new)] = Link(old, new, whole, primary)

    def _one_main_successor(self) -> None:
        """A unit divided with no default successor named: the first part is the main one."""
        for (old, new), link in list(self.links.items()):
            if old not in self.primaries:
                self.primaries.add(old)
                self.links[(old, new)] = Link(old, new, link.whole, True)

    def _province_links(self, provinces: dict, merged: set[str]) -> None:
        for new, olds in provinces.items():
            if new not in merged or new not in self.new_province:
                continue
            for old in olds:
                if old in self.old_province:
                    self._link(self.old_province[old], self.new_province[new], True, True)

    def _ward_links(self, conversion: dict, wanted) -> None:
        for p_key, wards in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            if wanted is not None and p_key not in wanted:
                continue
            for w_key, olds in wards.items():
                new = self.new_ward.get((p_key, w_key))
                for old_key in olds:
                    old = self.old_ward.get(old_key)
                    if old is None or new is None:
                        self.unresolved.append(f"{old_key} → {p_key}_{w_key}")
                        continue
                    self._link(old, new, True, True)
        for p_key, olds in conversion["DICT_PROVINCE_WARD_DIVIDED"].items():
            if wanted is not None and p_key not in wanted:
                continue
            for old_key, parts in olds.items():
                old = self.old_ward.get(old_key)
                for part in parts:
                    new = self.new_ward.get((p_key, part["newWardKey"]))
                    if old is None or new is None:
                        self.unresolved.append(f"{old_key} → {p_key}_{part['newWardKey']}")
                        continue
                    self._link(old, new, False, bool(part["isDefaultNewWard"]))
