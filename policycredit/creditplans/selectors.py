"""Every read of the credit plans, scoped to the user, and the plan against what was done.

The plan a user sees follows the shape of their area, as the reports' selection does
(`reporting.selection.selection_for`): whole offices (office staff, a board member, the
administrator, or a district or province asked for) see the offices' plan lines; a ward (a
ward officer, or a ward asked for) sees what was allocated to its wards; a mass organisation
its organisations' allocations; a group its own. The actuals are the engine's stored figures
read through the same selection (`reporting.portfolio.Portfolio`: the month-end rollup on a
month end, the loans' transaction log on any other day), so the plan and what was done always
cover the same loans:

- lending: what was lent in the year up to the day (not a loan taken over from the bank's
  register, which was lent before);
- collection: the principal repaid in the year up to the day;
- growth: outstanding on the day less outstanding on 31/12 of the year before.

A ward's actual is its loans' at its points (and, for a new ward, those of the old wards whose
records it took over); a ward organisation's, the loans of the groups of its kind at those
points (so a plan of 2024 allocated to the old wards' organisations is still measured after
the groups passed to the new wards' organisations in 07/2025); a group's, its own loans.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Q, QuerySet

from policycredit.accounts.selectors import scope_of
from policycredit.capital.models import CapitalSource
from policycredit.creditplans.models import Allocation, CreditPlan, PlanVersion, TargetKind
from policycredit.domain.credit_plan import MEASURES, Amounts
from policycredit.geo.models import AdminUnit, Level, Office, Succession, TransactionPoint
from policycredit.geo.selectors import offices_for, wards_reported_under
from policycredit.network.models import MassOrganisation, OrganisationLevel, SavingsGroup
from policycredit.network.selectors import groups_for
from policycredit.programmes.models import Programme
from policycredit.reporting.portfolio import LiveBook, Portfolio
from policycredit.reporting.selection import Selection, selection_for

LINE = ("programme", "source")


def amounts_of(row) -> Amounts:
    return Amounts(row.lending, row.collection, row.growth)


# ------------------------------------------------------------------------ scope


def _visible_office_ids(user) -> set[int] | None:
    """The offices whose plans the user may open (None: every office)."""
    scope = scope_of(user)
    if scope.everything:
        return None
    ids = set(scope.office_ids)
    ids |= set(
        TransactionPoint.objects.filter(ward_id__in=scope.ward_ids).values_list(
            "office_id", flat=True
        )
    )
    ids |= set(
        SavingsGroup.objects.filter(
            Q(organisation_id__in=scope.organisation_ids) | Q(id__in=scope.group_ids)
        ).values_list("office_id", flat=True)
    )
    return ids


def plans_for(user) -> QuerySet:
    qs = CreditPlan.objects.select_related("office")
    ids = _visible_office_ids(user)
    return qs if ids is None else qs.filter(office_id__in=ids)


def offices_planned_by(user) -> QuerySet:
    """The offices whose plans the user may set: their own (the administrator, every one)."""
    return offices_for(user)


def allocations_for(user, plan: CreditPlan) -> QuerySet:
    """The allocation rows of ``plan`` in the user's area: all of them for whole offices; a
    ward's, an organisation's or a group's own otherwise."""
    qs = Allocation.objects.filter(plan=plan).select_related(
        "programme", "source", "ward", "organisation", "group", "recorded_by"
    )
    selection = selection_for(user)
    if selection.by_office:
        return qs
    return qs.filter(_allocation_q(selection))


def office_wards(office: Office) -> set[int]:
    """The wards an office's points lie in, and the new wards those became."""
    old = set(TransactionPoint.objects.filter(office=office).values_list("ward_id", flat=True))
    new = set(
        Succession.objects.filter(predecessor_id__in=old).values_list("successor_id", flat=True)
    )
    return old | new


def wards_of(plan: CreditPlan, day: datetime.date) -> QuerySet:
    return AdminUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        id__in=office_wards(plan.office),
        level=Level.WARD,
    ).order_by("name")


def organisations_of(plan: CreditPlan, day: datetime.date) -> QuerySet:
    return (
        MassOrganisation.objects.filter(level=OrganisationLevel.WARD, unit__in=wards_of(plan, day))
        .select_related("unit")
        .order_by("unit__name", "kind")
    )


def groups_of(user, plan: CreditPlan) -> QuerySet:
    return groups_for(user).filter(office=plan.office, closed__isnull=True).order_by("code")


# ------------------------------------------------------------------------ versions and rows


def version_on(plan: CreditPlan, day: datetime.date) -> PlanVersion | None:
    """The version in force on ``day``: the latest decided on or before it."""
    return plan.versions.filter(decision_date__lte=day).order_by("-decision_date").first()


def allocations_on(
    plan: CreditPlan, day: datetime.date, kind: str | None = None, target_id: int | None = None
) -> dict:
    """{(kind, target id, programme id, source id): the allocation in force on ``day``} — the
    latest row of each key from on or before the day; a row of zeros is a target taken off."""
    qs = Allocation.objects.filter(plan=plan, valid_from__lte=day).select_related(
        "programme", "source"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if target_id is not None:
        qs = qs.filter(**{f"{kind}_id": target_id})
    out = {}
    for row in qs.order_by("valid_from", "id"):
        out[(row.kind, row.target_id, row.programme_id, row.source_id)] = row
    return {k: v for k, v in out.items() if not amounts_of(v).zero}


def change_days(plan: CreditPlan, since: datetime.date) -> list[datetime.date]:
    """``since`` and every later day a version or an allocation of ``plan`` starts."""
    days = {since}
    days |= set(
        plan.versions.filter(decision_date__gt=since).values_list("decision_date", flat=True)
    )
    days |= set(
        Allocation.objects.filter(plan=plan, valid_from__gt=since).values_list(
            "valid_from", flat=True
        )
    )
    return sorted(days)


# ------------------------------------------------------------------------ plan vs actual


@dataclass(frozen=True)
class PlanRow:
    label: str
    lending_plan: int = 0
    lending_actual: int = 0
    collection_plan: int = 0
    collection_actual: int = 0
    growth_plan: int = 0
    growth_actual: int = 0
    key: tuple = ()

    def __add__(self, other: "PlanRow") -> "PlanRow":
        sums = {
            f"{m}_{side}": getattr(self, f"{m}_{side}") + getattr(other, f"{m}_{side}")
            for m in MEASURES
            for side in ("plan", "actual")
        }
        return PlanRow(self.label, **sums, key=self.key)


@dataclass(frozen=True)
class PlanVsActual:
    year: int
    as_of: datetime.date
    rows: list[PlanRow]
    total: PlanRow
    versions: list[PlanVersion] = field(default_factory=list)  # in force on the day
    notes: list[str] = field(default_factory=list)


def year_window(year: int, as_of: datetime.date) -> datetime.date | None:
    """The last day counted: the day asked for, within the year; None before the year."""
    if as_of < datetime.date(year, 1, 1):
        return None
    return min(as_of, datetime.date(year, 12, 31))


class Actuals:
    """What was done in ``year`` up to ``day`` for one selection, by any breakdown the
    portfolio knows (programme, source, ward, kind of organisation; a group's live)."""

    def __init__(self, selection: Selection, year: int, day: datetime.date | None):
        self.selection, self.year, self.day = selection, year, day
        self.before = datetime.date(year - 1, 12, 31)
        self.portfolio = Portfolio(selection, [day, self.before]) if day else None

    def by(self, dims: tuple, book=None) -> dict:
        """{key: Amounts} of the actuals keyed by ``dims``."""
        if self.day is None:
            return {}
        book = book or self.portfolio
        out: dict = defaultdict(Amounts)
        for (_year, key), f in book.flows_by_year([self.year], self.day, dims).items():
            out[key] += Amounts(f["disbursed"], f["collected"], 0)
        for key, s in book.stock(self.day, dims).items():
            out[key] += Amounts(0, 0, s["outstanding"])
        for key, s in book.stock(self.before, dims).items():
            out[key] += Amounts(0, 0, -s["outstanding"])
        return dict(out)

    def by_group(self, group_ids) -> dict:
        """{(group, programme, source): Amounts}: the groups' loans, read live."""
        if self.day is None or not group_ids:
            return {}
        narrowed = replace(self.selection, group_ids=frozenset(group_ids))
        return self.by(("group", *LINE), LiveBook(narrowed, [self.day, self.before]))


def _allocation_q(selection: Selection) -> Q:
    """The allocations that stand for a narrowed selection's plan."""
    if selection.group_ids is not None:
        return Q(kind=TargetKind.GROUP, group_id__in=selection.group_ids)
    if selection.organisation_ids is not None:
        return Q(
            kind=TargetKind.ORGANISATION,
            organisation_id__in=_organisations_reported_under(selection.organisation_ids),
        )
    return Q(kind=TargetKind.WARD, ward_id__in=selection.ward_ids or ())


def _organisations_reported_under(ids) -> set[int]:
    """The organisations and, for one of a ward, those of its kind in the wards it took over."""
    out = set(ids)
    for organisation in MassOrganisation.objects.filter(id__in=ids, level=OrganisationLevel.WARD):
        out |= set(
            MassOrganisation.objects.filter(
                kind=organisation.kind,
                level=OrganisationLevel.WARD,
                unit_id__in=wards_reported_under(organisation.unit),
            ).values_list("id", flat=True)
        )
    return out


def _planned(selection: Selection, year: int, day: datetime.date | None) -> tuple[dict, list]:
    """({(programme id, source id): Amounts} planned for the selection in force on ``day``,
    [versions in force])."""
    if day is None:
        return {}, []
    plans = CreditPlan.objects.filter(year=year).select_related("office")
    if selection.office_ids is not None:
        plans = plans.filter(office_id__in=selection.office_ids)
    out: dict = defaultdict(Amounts)
    versions = []
    wanted = (
        set()
        if selection.by_office
        else set(
            Allocation.objects.filter(_allocation_q(selection), plan__in=plans).values_list(
                "id", flat=True
            )
        )
    )
    for plan in plans.order_by("office__name"):
        version = version_on(plan, day)
        if version is None:
            continue
        versions.append(version)
        if selection.by_office:
            for line in version.lines.all():
                out[(line.programme_id, line.source_id)] += amounts_of(line)
            continue
        for allocation in allocations_on(plan, day).values():
            if allocation.pk in wanted:
                out[(allocation.programme_id, allocation.source_id)] += amounts_of(allocation)
    return dict(out), versions


def _row(label, planned: Amounts, actual: Amounts, key=()) -> PlanRow:
    return PlanRow(
        label,
        planned.lending,
        actual.lending,
        planned.collection,
        actual.collection,
        planned.growth,
        actual.growth,
        key,
    )


def sees_whole_offices(user) -> bool:
    """Whether the user's area is whole offices (who sees the plan lines, not allocations)."""
    return selection_for(user).by_office


def lines_vs_actual(
    user,
    year: int,
    as_of: datetime.date,
    unit: AdminUnit | None = None,
    office: Office | None = None,
) -> PlanVsActual:
    """The plan in force and what was done, by programme × capital source (of one ``office``
    of the user's area, when named)."""
    day = year_window(year, as_of)
    selection = selection_for(user, unit, day or as_of)
    if office is not None:
        selection = replace(selection, office_ids=frozenset({office.pk}))
    planned, versions = _planned(selection, year, day)
    actual = Actuals(selection, year, day).by(LINE)
    programmes = {p.pk: p for p in Programme.objects.all()}
    sources = {s.pk: s for s in CapitalSource.objects.all()}
    keys = sorted(
        {k for k in set(planned) | set(actual) if k[0] in programmes and k[1] in sources},
        key=lambda k: (programmes[k[0]].code, sources[k[1]].code),
    )
    rows = [
        _row(
            f"{programmes[p].name} – {sources[s].name}",
            planned.get((p, s), Amounts()),
            actual.get((p, s), Amounts()),
            (p, s),
        )
        for p, s in keys
        if (p, s) in planned or not actual.get((p, s), Amounts()).zero
    ]
    return PlanVsActual(
        year, as_of, rows, sum(rows, PlanRow(str(year))), versions, list(selection.mapping)
    )


def plan_vs_actual(
    user, year: int, as_of: datetime.date, unit: AdminUnit | None = None
) -> PlanVsActual:
    """The plan in force on ``as_of`` (within ``year``) against what was done, by programme
    (label: the programme's name); no rows and a zero total when no plan is in force."""
    day = year_window(year, as_of)
    selection = selection_for(user, unit, day or as_of)
    if not _planned(selection, year, day)[1]:
        # No plan in force: the actuals (a read of the portfolio) are not needed.
        return PlanVsActual(year, as_of, [], PlanRow(str(year)), [], list(selection.mapping))
    lines = lines_vs_actual(user, year, as_of, unit)
    by_programme: dict = {}
    names = {p.pk: p.name for p in Programme.objects.all()}
    for row in lines.rows:
        programme = row.key[0]
        named = replace(row, label=names[programme], key=(programme,))
        by_programme[programme] = (
            by_programme[programme] + named if programme in by_programme else named
        )
    rows = sorted(by_programme.values(), key=lambda r: r.label)
    return PlanVsActual(year, as_of, rows, lines.total, lines.versions, lines.notes)


@dataclass(frozen=True)
class TargetRow:
    kind: str
    target: object
    row: PlanRow

    @property
    def kind_label(self) -> str:
        return str(TargetKind(self.kind).label)


def allocations_vs_actual(user, plan: CreditPlan, as_of: datetime.date) -> list[TargetRow]:
    """Each target's allocation in force on ``as_of`` (summed over the lines) against what was
    done in it, in the user's area, wards first, then organisations, then groups."""
    day = year_window(plan.year, as_of)
    if day is None:
        return []
    visible = set(allocations_for(user, plan).values_list("id", flat=True))
    standing = [a for a in allocations_on(plan, day).values() if a.pk in visible]
    if not standing:
        return []
    selection = replace(selection_for(user, None, day), office_ids=frozenset({plan.office_id}))
    actuals = Actuals(selection, plan.year, day)
    by_ward = actuals.by(("ward", *LINE))
    by_kind = actuals.by(("ward", "kind", *LINE))
    groups = {a.group_id for a in standing if a.kind == TargetKind.GROUP}
    by_group = actuals.by_group(groups)
    planned: dict = defaultdict(Amounts)
    targets = {}
    for a in standing:
        planned[(a.kind, a.target_id)] += amounts_of(a)
        targets[(a.kind, a.target_id)] = a.target
    out = []
    for (kind, target_id), amounts in planned.items():
        target = targets[(kind, target_id)]
        if kind == TargetKind.WARD:
            wards = wards_reported_under(target)
            done = sum((v for k, v in by_ward.items() if k[0] in wards), Amounts())
        elif kind == TargetKind.ORGANISATION:
            wards = wards_reported_under(target.unit)
            done = sum(
                (v for k, v in by_kind.items() if k[0] in wards and k[1] == target.kind),
                Amounts(),
            )
        else:
            done = sum((v for k, v in by_group.items() if k[0] == target_id), Amounts())
        out.append(TargetRow(kind, target, _row(str(target), amounts, done, (kind, target_id))))
    order = {TargetKind.WARD: 0, TargetKind.ORGANISATION: 1, TargetKind.GROUP: 2}
    return sorted(out, key=lambda t: (order[t.kind], t.row.label))


@dataclass(frozen=True)
class LineAllocation:
    """One plan line, what each breakdown allocated of it, and what is left."""

    programme: Programme
    source: CapitalSource
    planned: Amounts
    allocated: dict  # kind -> Amounts
    left: dict  # kind -> Amounts

    @property
    def breakdowns(self) -> list[tuple]:
        """[(kind, its label, allocated, left)] in the order of `TargetKind`."""
        return [(k, label, self.allocated[k], self.left[k]) for k, label in TargetKind.choices]


def allocation_summary(plan: CreditPlan, day: datetime.date) -> list[LineAllocation]:
    """The lines of the version in force on ``day`` with each breakdown's allocations in
    force and what is left unallocated (the whole office's view)."""
    version = version_on(plan, day)
    if version is None:
        return []
    standing = allocations_on(plan, day)
    out = []
    for line in version.lines.select_related("programme", "source").order_by(
        "programme__code", "source__code"
    ):
        planned = amounts_of(line)
        allocated = {
            kind: sum(
                (
                    amounts_of(a)
                    for k, a in standing.items()
                    if k[0] == kind and k[2] == line.programme_id and k[3] == line.source_id
                ),
                Amounts(),
            )
            for kind in TargetKind.values
        }
        left = {kind: planned - allocated[kind] for kind in TargetKind.values}
        out.append(LineAllocation(line.programme, line.source, planned, allocated, left))
    return out
