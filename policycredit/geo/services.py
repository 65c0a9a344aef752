"""Writes of administrative units, successions, offices and transaction points."""

from dataclasses import dataclass, field

from django.db import transaction

from policycredit.common.services import create_many, save_record
from policycredit.geo import national
from policycredit.geo.models import AdminUnit, Level, Succession


def save_unit(*, actor, instance):
    return save_record(actor=actor, instance=instance)


def save_succession(*, actor, instance):
    return save_record(actor=actor, instance=instance)


def save_office(*, actor, instance):
    return save_record(actor=actor, instance=instance)


def save_transaction_point(*, actor, instance):
    return save_record(actor=actor, instance=instance)


@dataclass
class UnitsLoaded:
    version: str
    units: int = 0  # created
    successions: int = 0
    renamed: int = 0
    already: int = 0  # units the database had
    unresolved: list[str] = field(default_factory=list)


LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.WARD)


@transaction.atomic
def load_national_units(*, actor, provinces: set[str] | None = None) -> UnitsLoaded:
    """The country's units and their 2025 successions from `geo.national`, added where the
    database lacks them: run again (a newer package), it adds what is new and renames what the
    statistics office renamed, nothing else. A unit is the one with its level and code in
    force on the day the dataset describes it (30/06/2025 for the old map, 01/07/2025 for the
    new), so a start date refined by hand (the demo's January 2025 merges) is kept."""
    data = national.read(provinces)
    report = UnitsLoaded(version=data.version, unresolved=data.unresolved)
    known = _known(data.units)
    ids: dict[tuple, int] = {}
    for level in LEVELS:
        fresh, pending = [], []
        for unit in data.units:
            if unit.level != level:
                continue
            found = _find(known, unit)
            if found is None:
                parent = ids[unit.parent] if unit.parent else None
                fresh.append(AdminUnit(code=unit.code, name=unit.name, level=level,
                                       parent_id=parent, valid_from=unit.valid_from,
                                       valid_to=unit.valid_to,
                                       legal_basis=national.basis(unit)))  # fmt: skip
                pending.append(unit)
                continue
            report.already += 1
            ids[unit.key] = found.pk
            if found.name != unit.name:
                found.name = unit.name
                save_unit(actor=actor, instance=found)
                report.renamed += 1
        # The set is checked as a whole (`geo.national`): a row's clean() would query its parent.
        for unit, row in zip(pending, create_many(actor=actor, instances=fresh, row_rules=False),
                             strict=True):  # fmt: skip
            ids[unit.key] = row.pk
        report.units += len(fresh)
    report.successions = _links(actor, data, ids)
    return report


def _known(units) -> dict[tuple, list]:
    codes = {u.code for u in units}
    known: dict[tuple, list] = {}
    for row in AdminUnit.objects.filter(code__in=codes):
        known.setdefault((row.level, row.code), []).append(row)
    return known


def _find(known: dict, unit: national.Unit):
    day = unit.valid_from or unit.valid_to or national.LAST_DAY
    for row in known.get((unit.level, unit.code), ()):
        if row.holds_on(day):
            return row
    return None


def _links(actor, data: national.Dataset, ids: dict[tuple, int]) -> int:
    units = {u.key: u for u in data.units}
    wanted = [(ids[x.old], ids[x.new], x) for x in data.links]
    olds = {old for old, _new, _x in wanted}
    pairs, primaries = set(), set()
    for old, new, primary in Succession.objects.filter(predecessor_id__in=olds).values_list(
        "predecessor_id", "successor_id", "primary"
    ):
        pairs.add((old, new))
        if primary:
            primaries.add(old)
    fresh = []
    for old, new, link in wanted:
        if (old, new) in pairs:
            continue
        # One main successor per unit: the database's if it has one (set by hand, kept).
        primary = link.primary and old not in primaries
        if primary:
            primaries.add(old)
        pairs.add((old, new))
        fresh.append(Succession(predecessor_id=old, successor_id=new,
                                effective=national.REFORM, whole=link.whole, primary=primary,
                                legal_basis=national.basis(units[link.new])))  # fmt: skip
    create_many(actor=actor, instances=fresh, row_rules=False)
    return len(fresh)
