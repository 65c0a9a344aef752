"""Every write of the credit plans: a year's plan set, revised, and allocated.

Each service checks the role and the office itself, refuses bad input with a coded
`ValidationError` before anything is written, and writes its rows and one named audit event
in one transaction, under a lock on the plan (two people allocating at once queue). Nothing is
edited: a revision is a new version, a changed allocation a new row in force from its day.

The invariant every write keeps: on no day do a breakdown's allocations in force (the wards',
the organisations', the groups') add up past the plan line in force (`domain/credit_plan.py`).
It is checked on every day something changes from the write's day on, so a revision that cuts
a line below what is already allocated is refused as an over-allocation is.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policycredit.accounts.policy import Refused, require_role
from policycredit.accounts.roles import can_act
from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.common.selectors import business_date
from policycredit.creditplans import selectors
from policycredit.creditplans.models import (
    Allocation,
    CreditPlan,
    PlanLine,
    PlanVersion,
    TargetKind,
)
from policycredit.domain.credit_plan import Amounts, breaches
from policycredit.domain.money import format_vnd
from policycredit.geo.models import AdminUnit, Level, Office
from policycredit.network.models import MassOrganisation, OrganisationLevel, SavingsGroup

MEASURE_NAMES = {
    "lending": gettext_lazy("lending"),
    "collection": gettext_lazy("collection"),
    "growth": gettext_lazy("growth of outstanding"),
}


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _day(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _may_manage(actor, office: Office) -> None:
    require_role(can_act(actor, "creditplans.manage"), _("set or allocate a credit plan"))
    if not selectors.offices_planned_by(actor).filter(pk=office.pk).exists():
        raise Refused(_("This office is not yours to plan."), code="scope")


def _check_lines(lines) -> list[tuple]:
    """[(programme, source, Amounts)] with no line twice and no negative lending or
    collection; at least one line with a figure."""
    seen, out = set(), []
    for programme, source, amounts in lines:
        key = (programme.pk, source.pk)
        if key in seen:
            _refuse(
                _("%(programme)s – %(source)s is given twice: one line per programme and source.")
                % {"programme": programme.name, "source": source.name},
                "line_twice",
            )
        seen.add(key)
        if amounts.lending < 0 or amounts.collection < 0:
            _refuse(_("Lending and collection are planned as amounts of 0 or more."), "negative")
        if not amounts.zero:
            out.append((programme, source, amounts))
    if not out:
        _refuse(_("A plan needs at least one line with a figure."), "empty")
    return out


def _check_decision(year: int, number: str, day: datetime.date) -> str:
    number = (number or "").strip()
    if not number:
        _refuse(_("Give the number of the decision that sets the plan."), "number_required")
    if not year - 1 <= day.year <= year:
        _refuse(
            _("The plan of %(year)s is decided in %(before)s or %(year)s, not on %(day)s.")
            % {"year": year, "before": year - 1, "day": _day(day)},
            "decision_year",
        )
    today = business_date()
    if day > today:
        _refuse(
            _("%(day)s is after today (%(today)s): record a decision once it is made.")
            % {"day": _day(day), "today": _day(today)},
            "future",
        )
    return number


def _write_version(actor, plan, number, decision_number, decision_date, lines, note):
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        decision_number=decision_number,
        decision_date=decision_date,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    PlanLine.objects.bulk_create(
        PlanLine(
            version=version,
            programme=programme,
            source=source,
            lending=a.lending,
            collection=a.collection,
            growth=a.growth,
        )
        for programme, source, a in lines
    )
    return version


def _audit_lines(lines) -> list:
    return [
        [programme.code, source.code, a.lending, a.collection, a.growth]
        for programme, source, a in lines
    ]


@transaction.atomic
def set_plan(
    *,
    actor,
    office: Office,
    year: int,
    decision_number: str,
    decision_date: datetime.date,
    lines: list[tuple],
    note: str = "",
) -> PlanVersion:
    """The office's first plan for ``year``: ``lines`` are (programme, source, Amounts)."""
    _may_manage(actor, office)
    decision_number = _check_decision(year, decision_number, decision_date)
    lines = _check_lines(lines)
    plan, _created = CreditPlan.objects.get_or_create(office=office, year=year)
    plan = CreditPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.versions.exists():
        _refuse(
            _("The office already has a plan for %(year)s: revise it instead.") % {"year": year},
            "already_set",
        )
    version = _write_version(actor, plan, 1, decision_number, decision_date, lines, note)
    record(
        actor=actor,
        action=Action.CREDIT_PLAN_SET,
        instance=plan,
        new={
            "version": 1,
            "decision_number": decision_number,
            "decision_date": decision_date.isoformat(),
            "lines": _audit_lines(lines),
        },
    )
    return version


@transaction.atomic
def revise_plan(
    *,
    actor,
    plan: CreditPlan,
    decision_number: str,
    decision_date: datetime.date,
    lines: list[tuple],
    note: str = "",
) -> PlanVersion:
    """A new version of ``plan`` in force from ``decision_date``; the earlier ones are kept."""
    _may_manage(actor, plan.office)
    plan = CreditPlan.objects.select_for_update().get(pk=plan.pk)
    latest = plan.versions.order_by("-number").first()
    if latest is None:
        _refuse(_("This plan has not been set yet."), "not_set")
    decision_number = _check_decision(plan.year, decision_number, decision_date)
    if decision_date <= latest.decision_date:
        _refuse(
            _("A revision is decided after the version it revises (%(day)s).")
            % {"day": _day(latest.decision_date)},
            "revision_before",
        )
    lines = _check_lines(lines)
    version = _write_version(
        actor, plan, latest.number + 1, decision_number, decision_date, lines, note
    )
    _keep_within_plan(plan, decision_date)
    old_lines = [
        (line.programme, line.source, selectors.amounts_of(line))
        for line in latest.lines.select_related("programme", "source")
    ]
    record(
        actor=actor,
        action=Action.CREDIT_PLAN_REVISED,
        instance=plan,
        old={"version": latest.number, "lines": _audit_lines(old_lines)},
        new={
            "version": version.number,
            "decision_number": decision_number,
            "decision_date": decision_date.isoformat(),
            "lines": _audit_lines(lines),
        },
    )
    return version


# ------------------------------------------------------------------------ allocation


def _target_kind(target) -> str:
    if isinstance(target, AdminUnit):
        return TargetKind.WARD
    if isinstance(target, MassOrganisation):
        return TargetKind.ORGANISATION
    if isinstance(target, SavingsGroup):
        return TargetKind.GROUP
    raise TypeError(target)


def _in_force(unit: AdminUnit, day: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_to is None or day <= unit.valid_to
    )


def _check_target(plan: CreditPlan, target, day: datetime.date) -> str:
    """The target's kind, once it is known to lie in the office's area and to exist on ``day``."""
    kind = _target_kind(target)
    wards = selectors.office_wards(plan.office)
    if kind == TargetKind.WARD:
        ok = target.level == Level.WARD and target.pk in wards
        unit = target
    elif kind == TargetKind.ORGANISATION:
        if target.level != OrganisationLevel.WARD:
            _refuse(
                _("A plan is allocated to the organisations of a ward, not to %(name)s.")
                % {"name": target.name},
                "organisation_level",
            )
        ok, unit = target.unit_id in wards, target.unit
    else:
        ok, unit = target.office_id == plan.office_id, None
        if target.closed and target.closed < day:
            _refuse(
                _("Group %(group)s closed on %(closed)s.")
                % {"group": target.code, "closed": _day(target.closed)},
                "group_closed",
            )
    if not ok:
        raise Refused(_("%(name)s is not in this office's area.") % {"name": target}, "scope")
    if unit is not None and not _in_force(unit, day):
        _refuse(
            _("%(unit)s does not exist on %(day)s: allocate to the unit in force then.")
            % {"unit": unit.name, "day": _day(day)},
            "unit_not_in_force",
        )
    return kind


@transaction.atomic
def allocate(
    *,
    actor,
    plan: CreditPlan,
    target,
    valid_from: datetime.date,
    amounts: dict[tuple[int, int], Amounts],
) -> list[Allocation]:
    """Allocate to ``target`` (a ward, a ward's organisation or a group) its share of the plan
    lines, keyed (programme id, source id), in force from ``valid_from``. A line left out keeps
    what it had; zeros take the target off the line. Only the lines that change are written."""
    _may_manage(actor, plan.office)
    plan = CreditPlan.objects.select_for_update().get(pk=plan.pk)
    if selectors.version_on(plan, valid_from) is None:
        _refuse(
            _("No version of the plan is in force on %(day)s: allocate from its decision date.")
            % {"day": _day(valid_from)},
            "no_version",
        )
    if valid_from.year > plan.year:
        _refuse(
            _("%(day)s is after the plan's year (%(year)s).")
            % {"day": _day(valid_from), "year": plan.year},
            "after_year",
        )
    kind = _check_target(plan, target, valid_from)
    standing = {
        (p, s): a
        for (_k, _t, p, s), a in selectors.allocations_on(
            plan, valid_from, kind=kind, target_id=target.pk
        ).items()
    }
    later = Allocation.objects.filter(
        plan=plan, kind=kind, valid_from__gt=valid_from, **{f"{kind}_id": target.pk}
    )
    if later.exists():
        _refuse(
            _("%(name)s has an allocation in force from a later day: allocate from that day on.")
            % {"name": target},
            "later_exists",
        )
    made = []
    for (programme_id, source_id), a in sorted(amounts.items()):
        if a.lending < 0 or a.collection < 0:
            _refuse(_("Lending and collection are allocated as amounts of 0 or more."), "negative")
        was = standing.get((programme_id, source_id))
        if was is not None and selectors.amounts_of(was) == a:
            continue
        if was is None and a.zero:
            continue
        made.append(
            Allocation(
                plan=plan,
                programme_id=programme_id,
                source_id=source_id,
                kind=kind,
                valid_from=valid_from,
                lending=a.lending,
                collection=a.collection,
                growth=a.growth,
                recorded_by=actor,
                **{kind: target},
            )
        )
    if not made:
        return []
    Allocation.objects.bulk_create(made)
    _keep_within_plan(plan, valid_from)
    record(
        actor=actor,
        action=Action.CREDIT_PLAN_ALLOCATED,
        instance=plan,
        old={
            "target": str(target),
            "lines": [
                [k[0], k[1], w.lending, w.collection, w.growth] for k, w in sorted(standing.items())
            ],
        },
        new={
            "target": str(target),
            "kind": kind,
            "valid_from": valid_from.isoformat(),
            "lines": [
                [m.programme_id, m.source_id, m.lending, m.collection, m.growth] for m in made
            ],
        },
    )
    return made


def _keep_within_plan(plan: CreditPlan, since: datetime.date) -> None:
    """Refuse (and so roll back) when, on any day from ``since`` on, a breakdown's allocations
    in force go past the plan line in force."""
    problems = []
    for day in selectors.change_days(plan, since):
        version = selectors.version_on(plan, day)
        lines = {
            (line.programme_id, line.source_id): line
            for line in (version.lines.select_related("programme", "source") if version else [])
        }
        by_kind_line: dict = {}
        for allocation in selectors.allocations_on(plan, day).values():
            key = (allocation.kind, allocation.programme_id, allocation.source_id)
            by_kind_line.setdefault(key, []).append(allocation)
        for (kind, programme_id, source_id), rows in sorted(by_kind_line.items()):
            line = lines.get((programme_id, source_id))
            planned = selectors.amounts_of(line) if line else Amounts()
            for measure, over in breaches(planned, [selectors.amounts_of(r) for r in rows]):
                problems.append(
                    _(
                        "From %(day)s the %(kind)s allocations of %(programme)s – %(source)s "
                        "go past the plan's %(measure)s of %(planned)s by %(over)s."
                    )
                    % {
                        "day": _day(day),
                        "kind": TargetKind(kind).label,
                        "programme": rows[0].programme.name,
                        "source": rows[0].source.name,
                        "measure": MEASURE_NAMES[measure],
                        "planned": format_vnd(getattr(planned, measure)),
                        "over": format_vnd(over),
                    }
                )
        if problems:
            break
    if problems:
        raise ValidationError([ValidationError(p, code="over_allocated") for p in problems])
