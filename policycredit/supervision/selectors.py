"""Reads of the supervision, each scoped to what the user may see.

Office roles see their office's plans, checks and findings; a board member or a ward officer of
a ward sees the rows of that ward and of the older wards it took over (a member of a province's
or district's board, the offices serving it); an organisation officer, the rows of its groups and
of the checks its levels made. Each row keeps its office, ward and organisation for this.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from policycredit.accounts.models import User
from policycredit.accounts.roles import Role
from policycredit.accounts.selectors import scope_of
from policycredit.geo.models import AdminUnit, Level, Office, Succession, TransactionPoint
from policycredit.geo.selectors import (
    offices_for,
    offices_in_unit,
    transaction_points_for,
    units_for,
    wards_reported_under,
)
from policycredit.loans.selectors import loans_for
from policycredit.network.selectors import groups_for, organisations_for
from policycredit.supervision.models import (
    CheckerKind,
    Finding,
    FindingKind,
    FollowUpNote,
    PlanLine,
    SupervisionCheck,
    SupervisionPlan,
)


def _visible(user) -> Q | None:
    """The rows the user may see, as a filter on a row's office, ward and organisation; None
    for everything."""
    scope = scope_of(user)
    if scope.everything:
        return None
    return (
        Q(office_id__in=scope.office_ids)
        | Q(ward_id__in=scope.ward_ids)
        | Q(organisation_id__in=scope.organisation_ids)
    )


def _scoped(qs: QuerySet, user) -> QuerySet:
    where = _visible(user)
    return qs if where is None else qs.filter(where)


def _in_unit(qs: QuerySet, unit: AdminUnit | None) -> QuerySet:
    """Narrowed to a unit: a ward's rows (with the wards it took over), or a higher unit's
    offices'."""
    if unit is None:
        return qs
    if unit.level == Level.WARD:
        return qs.filter(ward_id__in=wards_reported_under(unit))
    return qs.filter(office_id__in=offices_in_unit(unit))


# ------------------------------------------------------------------------ plans


def lines_for(user) -> QuerySet:
    return _scoped(
        PlanLine.objects.select_related(
            "plan",
            "plan__office",
            "checker_user",
            "checker_organisation",
            "target_ward",
            "target_group",
            "target_point",
        ),
        user,
    )


def plans_for(user) -> QuerySet:
    """The plans of the user's offices, and those with a line in the user's area."""
    scope = scope_of(user)
    plans = SupervisionPlan.objects.select_related("office", "made_by")
    if scope.everything:
        return plans
    return plans.filter(
        Q(office_id__in=scope.office_ids) | Q(id__in=lines_for(user).values("plan_id"))
    )


def plannable_offices(user) -> QuerySet:
    return offices_for(user)


def lines_with_progress(user, plan: SupervisionPlan) -> list[PlanLine]:
    """The plan's lines the user may see, each with ``done`` (the standing check, or None)."""
    lines = list(lines_for(user).filter(plan=plan))
    done = {
        c.line_id: c
        for c in SupervisionCheck.objects.filter(
            line__in=[line.pk for line in lines], superseded_by__isnull=True
        )
    }
    for line in lines:
        line.done = done.get(line.pk)
    return lines


def open_lines(user) -> QuerySet:
    """Planned lines not withdrawn and with no check recorded yet."""
    checked = SupervisionCheck.objects.filter(line=OuterRef("pk"))
    return lines_for(user).filter(withdrawn_on__isnull=True).exclude(Exists(checked))


# ------------------------------------------------------------------------ targets and people


def wards_served(office: Office) -> set[int]:
    """The wards an office serves: those of its transaction points and the wards that took
    them over in a reform."""
    wards = set(TransactionPoint.objects.filter(office=office).values_list("ward_id", flat=True))
    new = Succession.objects.filter(predecessor_id__in=wards).values_list("successor_id", flat=True)
    return wards | set(new)


def target_wards(user) -> QuerySet:
    return units_for(user).filter(level=Level.WARD).order_by("name")


def target_groups(user) -> QuerySet:
    return groups_for(user).filter(closed__isnull=True).order_by("code")


def target_points(user) -> QuerySet:
    return transaction_points_for(user).filter(active=True).order_by("code")


def checker_organisations(user) -> QuerySet:
    return organisations_for(user).order_by("name")


CHECKER_ROLES = {
    Role.BOARD_MEMBER,
    Role.WARD_OFFICER,
    Role.ORGANISATION_OFFICER,
    Role.DIRECTOR,
    Role.CREDIT_OFFICER,
    Role.CONTROLLER,
}


def checker_users(user) -> QuerySet:
    """The people a user may name as checker or follow-up person: themself, the staff of their
    offices, the board members and officers of the units and organisations in their area, and
    the board members of the units above their offices."""
    scope = scope_of(user)
    people = User.objects.filter(is_active=True, role__in=CHECKER_ROLES)
    if scope.everything:
        return people.order_by("last_name", "username")
    # The units are resolved once per user object, as `scope_of` resolves the scope: a plan's
    # lines name their checkers one after another.
    units = getattr(user, "_supervision_units", None)
    if units is None:
        areas = Office.objects.filter(id__in=scope.office_ids).values_list(
            "area_id", "area__parent_id"
        )
        units = {u for pair in areas for u in pair if u} | set(scope.ward_ids)
        units |= set(units_for(user).values_list("id", flat=True))
        user._supervision_units = frozenset(units)
    return people.filter(
        Q(pk=user.pk)
        | Q(office_id__in=scope.office_ids)
        | Q(unit_id__in=units)
        | Q(organisation_id__in=organisations_for(user).values("id"))
    ).order_by("last_name", "username")


# ------------------------------------------------------------------------ checks and findings


def checks_for(user) -> QuerySet:
    """Every check the user may see, corrections and the records they replaced."""
    return _scoped(
        SupervisionCheck.objects.select_related(
            "line",
            "line__plan",
            "office",
            "checker_user",
            "checker_organisation",
            "target_ward",
            "target_group",
            "target_point",
            "recorded_by",
        ),
        user,
    )


def current_checks_for(user) -> QuerySet:
    return checks_for(user).filter(superseded_by__isnull=True)


def chain_of(check: SupervisionCheck) -> list[int]:
    """The check and every record it corrects, newest first: the findings of any of them are
    the findings of the check that stands."""
    ids, current = [], check
    while current is not None:
        ids.append(current.pk)
        current = current.supersedes
    return ids


def standing_check(check: SupervisionCheck) -> SupervisionCheck:
    while True:
        newer = SupervisionCheck.objects.filter(supersedes=check).first()
        if newer is None:
            return check
        check = newer


def findings_for(user) -> QuerySet:
    return _scoped(
        Finding.objects.select_related(
            "kind",
            "check_record",
            "loan",
            "group",
            "point",
            "follow_up_user",
            "resolved_by",
            "office",
        ),
        user,
    )


def findings_of(user, check: SupervisionCheck) -> QuerySet:
    return findings_for(user).filter(check_record_id__in=chain_of(check))


def findings_list(user, today: datetime.date, *, status: str = "open") -> list[Finding]:
    """Findings to follow: ``open`` (overdue first, then by due date), ``resolved`` (latest
    first) or ``all``; each with ``overdue`` set as of ``today``."""
    qs = findings_for(user)
    if status == "open":
        rows = list(qs.filter(resolved_on__isnull=True).order_by("due_on", "id"))
    elif status == "resolved":
        rows = list(qs.filter(resolved_on__isnull=False).order_by("-resolved_on", "-id"))
    else:
        rows = list(qs.order_by("resolved_on", "due_on", "id"))
    for row in rows:
        row.overdue = row.overdue_on(today)
    # Overdue first: the due dates already sort them ahead of the ones still in time.
    return rows


def notes_of(finding: Finding) -> QuerySet:
    return FollowUpNote.objects.filter(finding=finding).select_related("author")


def finding_kinds() -> QuerySet:
    return FindingKind.objects.filter(active=True)


def loans_of_target(user, check: SupervisionCheck) -> QuerySet:
    """The loans a finding of this check may name: those lent through the checked group, or
    the groups meeting at the checked point or in the checked ward, within the user's area."""
    from_groups = groups_for(user)
    if check.target_group_id:
        from_groups = from_groups.filter(pk=check.target_group_id)
    elif check.target_point_id:
        from_groups = from_groups.filter(transaction_point_id=check.target_point_id)
    else:
        from_groups = from_groups.filter(
            transaction_point__ward_id__in=wards_reported_under(check.target_ward)
        )
    return loans_for(user).filter(group_id__in=from_groups.values("id"))


# ------------------------------------------------------------------------ the year


@dataclass(frozen=True)
class CheckerRow:
    label: str
    planned: int
    done_planned: int  # planned checks done
    unplanned: int  # checks done with no planned line

    @property
    def done(self) -> int:
        return self.done_planned + self.unplanned


@dataclass(frozen=True)
class SupervisionYear:
    year: int
    as_of: datetime.date
    checks_planned: int
    checks_done: int
    by_checker: list  # (label, checks done)
    findings: list  # (kind label, count)
    findings_total: int
    findings_resolved: int
    findings_open: int
    findings_overdue: int
    rows: list = field(default_factory=list)  # CheckerRow per checker kind
    planned_done: int = 0  # planned checks done
    overdue: list = field(default_factory=list)  # the overdue findings, oldest due first


def year_summary(
    user, year: int, as_of: datetime.date, unit: AdminUnit | None = None
) -> SupervisionYear:
    """The year's supervision as the board reviews it, counting nothing after ``as_of``.

    Planned: the lines of the year's plans not withdrawn by ``as_of``. Done: the standing checks
    made in the year up to ``as_of``. Findings: those found in the year up to ``as_of``;
    resolved by ``as_of``, open otherwise, and overdue when open past their due date."""
    first = datetime.date(year, 1, 1)
    last = min(datetime.date(year, 12, 31), as_of)
    lines = _in_unit(lines_for(user), unit).filter(plan__year=year)
    lines = lines.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=as_of))
    checks = _in_unit(current_checks_for(user), unit).filter(
        checked_on__gte=first, checked_on__lte=last
    )
    planned = Counter(lines.values_list("checker_kind", flat=True))
    done_rows = list(checks.values_list("checker_kind", "line_id"))
    line_ids = set(lines.values_list("id", flat=True))
    done_planned = Counter(kind for kind, line in done_rows if line in line_ids)
    unplanned = Counter(kind for kind, line in done_rows if line not in line_ids)
    rows = [
        CheckerRow(str(label), planned[kind], done_planned[kind], unplanned[kind])
        for kind, label in CheckerKind.choices
    ]
    findings = list(
        _in_unit(findings_for(user), unit)
        .filter(found_on__gte=first, found_on__lte=last)
        .order_by("due_on", "id")
    )
    by_kind = Counter(f.kind_id for f in findings)
    kinds = FindingKind.objects.filter(Q(active=True) | Q(id__in=by_kind))
    resolved = [f for f in findings if f.resolved_on is not None and f.resolved_on <= as_of]
    still_open = [f for f in findings if f.resolved_on is None or f.resolved_on > as_of]
    overdue = [f for f in still_open if f.due_on < as_of]
    return SupervisionYear(
        year=year,
        as_of=as_of,
        checks_planned=sum(planned.values()),
        checks_done=len(done_rows),
        by_checker=[(r.label, r.done) for r in rows],
        findings=[(k.name, by_kind[k.pk]) for k in kinds],
        findings_total=len(findings),
        findings_resolved=len(resolved),
        findings_open=len(still_open),
        findings_overdue=len(overdue),
        rows=rows,
        planned_done=sum(done_planned.values()),
        overdue=overdue,
    )
