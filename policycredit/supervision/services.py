"""Every write of the supervision: the year's plan and its lines, the record of a check (or its
correction), its findings, their follow-up notes and their resolution.

Each service checks the role and the user's area itself, refuses bad input with a coded
`ValidationError` (a record outside the area with `Refused`) before anything is written, and
writes its record and its named audit event (180–185) in one transaction. No money moves here:
a misused loan found is for the bank to recall by its own acts.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from policycredit.accounts.policy import Refused, require_role
from policycredit.accounts.roles import Role, can_act
from policycredit.audit.models import Action
from policycredit.audit.services import record, snapshot
from policycredit.common.selectors import business_date
from policycredit.geo.models import AdminUnit, Office, TransactionPoint
from policycredit.geo.selectors import wards_reported_under
from policycredit.network.models import MassOrganisation, SavingsGroup
from policycredit.supervision import selectors
from policycredit.supervision.models import (
    CheckerKind,
    Finding,
    FindingKind,
    FollowUpNote,
    PlanLine,
    SupervisionCheck,
    SupervisionPlan,
)

FIRST_YEAR = 2000


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _outside(what: str):
    raise Refused(_("%(what)s is not in your area.") % {"what": what}, code="scope")


def _day(day: datetime.date, what: str) -> None:
    today = business_date()
    if day > today:
        _refuse(
            _("%(day)s is after today (%(today)s): %(what)s is recorded once it is done.")
            % {"day": f"{day:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}", "what": what},
            "future",
        )


# ------------------------------------------------------------------------ the plan


@transaction.atomic
def make_plan(*, actor, office: Office, year: int, note: str = "") -> SupervisionPlan:
    """Open the supervision plan of ``office``'s area for ``year`` (one a year)."""
    require_role(can_act(actor, "supervision.plan"), _("make a supervision plan"))
    if not selectors.plannable_offices(actor).filter(pk=office.pk).exists():
        _outside(office.name)
    if not FIRST_YEAR <= year <= business_date().year + 1:
        _refuse(
            _("A plan is made for a year from %(first)s to next year.") % {"first": FIRST_YEAR},
            "year",
        )
    if SupervisionPlan.objects.filter(office=office, year=year).exists():
        _refuse(
            _("%(office)s already has a supervision plan for %(year)s: add lines to it.")
            % {"office": office.name, "year": year},
            "plan_exists",
        )
    plan = SupervisionPlan(office=office, year=year, note=(note or "").strip(), made_by=actor)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        _refuse(_("This office already has a plan for the year."), "plan_exists")
    record(actor=actor, action=Action.SUPERVISION_PLANNED, instance=plan, new=snapshot(plan))
    return plan


def _checker(actor, kind: str, user, name: str, organisation) -> dict:
    if kind not in CheckerKind.values:
        _refuse(_("Choose who checks: a board member, an organisation or the bank."), "kind")
    name = (name or "").strip()
    if user is None and not name:
        _refuse(_("Name the checker: choose a user or type the person's name."), "no_checker")
    if user is not None:
        if user.pk != actor.pk and not selectors.checker_users(actor).filter(pk=user.pk).exists():
            _outside(user.get_full_name() or user.username)
        if kind == CheckerKind.BOARD_MEMBER and user.role not in {
            Role.BOARD_MEMBER,
            Role.WARD_OFFICER,
        }:
            _refuse(
                _("%(user)s is not a board member: choose the checker's kind again.")
                % {"user": user.get_full_name() or user.username},
                "not_board_member",
            )
    if kind == CheckerKind.ORGANISATION:
        if organisation is None:
            _refuse(_("An organisation's check names the organisation (and its level)."), "org")
        if not selectors.checker_organisations(actor).filter(pk=organisation.pk).exists():
            _outside(organisation.name)
    elif organisation is not None:
        _refuse(_("Only an organisation's check names an organisation."), "org_not_checker")
    return {
        "checker_kind": kind,
        "checker_user": user,
        "checker_name": name,
        "checker_organisation": organisation,
    }


def _target(ward: AdminUnit | None, group: SavingsGroup | None, point: TransactionPoint | None):
    given = [t for t in (ward, group, point) if t is not None]
    if len(given) != 1:
        _refuse(_("Choose one thing checked: a ward, a group or a transaction point."), "target")
    if ward is not None and ward.level != "ward":
        _refuse(_("%(unit)s is not a ward.") % {"unit": ward.name}, "not_a_ward")
    return given[0]


def _placed(target, office: Office, organisation) -> dict:
    """The target's fields and the office, ward and organisation the row is seen by."""
    if isinstance(target, SavingsGroup):
        point = target.transaction_point
        return {
            "target_group": target,
            "office": office,
            "ward_id": point.ward_id,
            "organisation_id": target.organisation_id,
        }
    organisation_id = organisation.pk if organisation else None
    if isinstance(target, TransactionPoint):
        return {
            "target_point": target,
            "office": office,
            "ward_id": target.ward_id,
            "organisation_id": organisation_id,
        }
    return {
        "target_ward": target,
        "office": office,
        "ward_id": target.pk,
        "organisation_id": organisation_id,
    }


def _office_serving(target) -> Office | None:
    if isinstance(target, SavingsGroup | TransactionPoint):
        return target.office
    point = (
        TransactionPoint.objects.filter(ward_id__in=wards_reported_under(target))
        .select_related("office")
        .order_by("code")
        .first()
    )
    return point.office if point else None


@transaction.atomic
def add_plan_line(
    *,
    actor,
    plan: SupervisionPlan,
    checker_kind: str,
    month: int,
    checker_user=None,
    checker_name: str = "",
    checker_organisation: MassOrganisation | None = None,
    ward: AdminUnit | None = None,
    group: SavingsGroup | None = None,
    point: TransactionPoint | None = None,
    note: str = "",
) -> PlanLine:
    """Plan one check: who checks which ward, group or point of the plan's area, and when."""
    require_role(can_act(actor, "supervision.plan"), _("make a supervision plan"))
    if not selectors.plannable_offices(actor).filter(pk=plan.office_id).exists():
        _outside(plan.office.name)
    if not 1 <= month <= 12:
        _refuse(_("The month planned is from 1 to 12."), "month")
    checker = _checker(actor, checker_kind, checker_user, checker_name, checker_organisation)
    target = _target(ward, group, point)
    served = (
        ward.pk in selectors.wards_served(plan.office)
        if ward is not None
        else target.office_id == plan.office_id
    )
    if not served:
        _refuse(
            _("%(target)s is not in the area of %(office)s, whose plan this is.")
            % {"target": target, "office": plan.office.name},
            "not_in_plan_area",
        )
    line = PlanLine(
        plan=plan,
        month=month,
        note=(note or "").strip(),
        **checker,
        **_placed(target, plan.office, checker_organisation),
    )
    # Every rule the table's constraints hold was checked above: no query per constraint.
    line.save()
    record(actor=actor, action=Action.SUPERVISION_PLANNED, instance=line, new=snapshot(line))
    return line


@transaction.atomic
def withdraw_plan_line(*, actor, line: PlanLine, reason: str, on: datetime.date) -> PlanLine:
    """Take a planned check off the plan (it stays, marked withdrawn); not once it is done."""
    require_role(can_act(actor, "supervision.plan"), _("make a supervision plan"))
    if not selectors.plannable_offices(actor).filter(pk=line.plan.office_id).exists():
        _outside(line.plan.office.name)
    line = PlanLine.objects.select_for_update().get(pk=line.pk)
    if line.withdrawn_on is not None:
        _refuse(_("This planned check was already withdrawn."), "withdrawn")
    if line.checks.exists():
        _refuse(_("This planned check was done: it stays on the plan."), "done")
    if not (reason or "").strip():
        _refuse(_("Say why the planned check is withdrawn."), "reason_required")
    line.withdrawn_on, line.withdrawn_reason = on, reason.strip()
    line.save(update_fields=["withdrawn_on", "withdrawn_reason"])
    record(
        actor=actor,
        action=Action.SUPERVISION_PLANNED,
        instance=line,
        old={"withdrawn_on": None},
        new={"withdrawn_on": on.isoformat(), "withdrawn_reason": line.withdrawn_reason},
    )
    return line


# ------------------------------------------------------------------------ checks


def _visible_target(actor, target) -> bool:
    if isinstance(target, SavingsGroup):
        return selectors.target_groups(actor).filter(pk=target.pk).exists()
    if isinstance(target, TransactionPoint):
        return selectors.target_points(actor).filter(pk=target.pk).exists()
    return selectors.target_wards(actor).filter(pk=target.pk).exists()


@transaction.atomic
def record_check(
    *,
    actor,
    checked_on: datetime.date,
    summary: str,
    line: PlanLine | None = None,
    checker_kind: str = "",
    checker_user=None,
    checker_name: str = "",
    checker_organisation: MassOrganisation | None = None,
    ward: AdminUnit | None = None,
    group: SavingsGroup | None = None,
    point: TransactionPoint | None = None,
    supersedes: SupervisionCheck | None = None,
    correction_reason: str = "",
) -> SupervisionCheck:
    """Record a check made: a planned line's (its checker and target unless named again) or a
    check off the plan; or (``supersedes``) correct the standing record of one."""
    require_role(can_act(actor, "supervision.record"), _("record a supervision check"))
    standing = _standing(actor, supersedes, correction_reason)
    if standing is not None:
        line = standing.line
    if line is not None:
        line = PlanLine.objects.select_for_update().select_related("plan__office").get(pk=line.pk)
        if not selectors.lines_for(actor).filter(pk=line.pk).exists():
            _outside(str(line))
        if standing is None and line.checks.exists():
            _refuse(
                _("This planned check was already recorded: correct that record instead."),
                "already_recorded",
            )
        if line.withdrawn_on is not None:
            _refuse(_("This planned check was withdrawn from the plan."), "withdrawn")
        # The line's target is in its plan's area, which the line's being seen vouches for;
        # its checker was the planner's to name.
        target, office = line.target, line.plan.office
        if checker_kind:
            checker = _checker(
                actor, checker_kind, checker_user, checker_name, checker_organisation
            )
        else:
            checker = {
                "checker_kind": line.checker_kind,
                "checker_user": line.checker_user,
                "checker_name": line.checker_name,
                "checker_organisation": line.checker_organisation,
            }
    else:
        target = _target(ward, group, point)
        office = _office_serving(target)
        if not _visible_target(actor, target):
            _outside(str(target))
        if office is None:
            _refuse(_("No office of the bank serves %(ward)s.") % {"ward": target}, "no_office")
        checker = _checker(actor, checker_kind, checker_user, checker_name, checker_organisation)
    if checked_on.year < FIRST_YEAR:
        _refuse(_("A check is dated from %(first)s on.") % {"first": FIRST_YEAR}, "too_early")
    _day(checked_on, _("a check"))
    if not (summary or "").strip():
        _refuse(_("Write what the check looked at and its conclusion."), "summary_required")
    check = SupervisionCheck(
        line=line,
        checked_on=checked_on,
        summary=summary.strip(),
        recorded_by=actor,
        supersedes=standing,
        correction_reason=(correction_reason or "").strip() if standing else "",
        **checker,
        **_placed(target, office, checker["checker_organisation"]),
    )
    try:
        with transaction.atomic():
            check.save()
    except IntegrityError:
        _refuse(_("This planned check was already recorded."), "already_recorded")
    record(
        actor=actor,
        action=Action.SUPERVISION_CHECK_CORRECTED
        if standing
        else Action.SUPERVISION_CHECK_RECORDED,
        instance=check,
        old={"supersedes_id": standing.pk} if standing else None,
        new=snapshot(check),
    )
    return check


def _standing(actor, supersedes, reason: str) -> SupervisionCheck | None:
    if supersedes is None:
        return None
    if not (reason or "").strip():
        _refuse(_("A correction needs its reason."), "reason_required")
    standing = SupervisionCheck.objects.select_for_update().filter(pk=supersedes.pk).first()
    if standing is None or not selectors.checks_for(actor).filter(pk=standing.pk).exists():
        _outside(str(supersedes))
    if SupervisionCheck.objects.filter(supersedes=standing).exists():
        _refuse(
            _("Only the record that stands can be corrected: open the latest one."),
            "not_standing",
        )
    return standing


# ------------------------------------------------------------------------ findings


def _follow_up(actor, user, name: str) -> dict:
    name = (name or "").strip()
    if user is None and not name:
        _refuse(_("Name who follows the finding up: a user or a person's name."), "no_follow_up")
    if (
        user is not None
        and user.pk != actor.pk
        and not selectors.checker_users(actor).filter(pk=user.pk).exists()
    ):
        _outside(user.get_full_name() or user.username)
    return {"follow_up_user": user, "follow_up_name": name}


@transaction.atomic
def record_finding(
    *,
    actor,
    check: SupervisionCheck,
    kind: FindingKind,
    description: str,
    due_on: datetime.date,
    follow_up_user=None,
    follow_up_name: str = "",
    loan=None,
    group: SavingsGroup | None = None,
    point: TransactionPoint | None = None,
) -> Finding:
    """What ``check`` found, who follows it up and by when."""
    require_role(can_act(actor, "supervision.record"), _("record a finding"))
    if not selectors.current_checks_for(actor).filter(pk=check.pk).exists():
        if selectors.checks_for(actor).filter(pk=check.pk).exists():
            _refuse(_("This check was corrected: add the finding to the latest record."), "old")
        _outside(str(check))
    if not kind.active:
        _refuse(_("“%(kind)s” is no longer in use.") % {"kind": kind.name}, "kind_retired")
    if not (description or "").strip():
        _refuse(_("Describe what was found."), "description_required")
    if due_on < check.checked_on:
        _refuse(
            _("The due date %(due)s is before the check (%(day)s): follow-up comes after it.")
            % {"due": f"{due_on:%d/%m/%Y}", "day": f"{check.checked_on:%d/%m/%Y}"},
            "due_before_check",
        )
    if loan is not None and not selectors.loans_of_target(actor, check).filter(pk=loan.pk).exists():
        _refuse(
            _("Loan %(loan)s is not lent through what this check looked at.")
            % {"loan": loan.number},
            "loan_not_of_target",
        )
    if group is not None and not selectors.target_groups(actor).filter(pk=group.pk).exists():
        _outside(str(group))
    if point is not None and not selectors.target_points(actor).filter(pk=point.pk).exists():
        _outside(str(point))
    finding = Finding(
        check_record=check,
        kind=kind,
        description=description.strip(),
        found_on=check.checked_on,
        due_on=due_on,
        loan=loan,
        group=group,
        point=point,
        office_id=check.office_id,
        ward_id=check.ward_id,
        organisation_id=group.organisation_id if group is not None else check.organisation_id,
        recorded_by=actor,
        **_follow_up(actor, follow_up_user, follow_up_name),
    )
    finding.save()
    record(actor=actor, action=Action.FINDING_RECORDED, instance=finding, new=snapshot(finding))
    return finding


def _open_finding(actor, finding: Finding) -> Finding:
    if not selectors.findings_for(actor).filter(pk=finding.pk).exists():
        _outside(str(finding))
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.resolved_on is not None:
        _refuse(
            _("This finding was resolved on %(day)s.") % {"day": f"{finding.resolved_on:%d/%m/%Y}"},
            "resolved",
        )
    return finding


def _after_found(finding: Finding, day: datetime.date, what: str) -> None:
    if day < finding.found_on:
        _refuse(
            _("%(day)s is before the finding was made (%(found)s).")
            % {"day": f"{day:%d/%m/%Y}", "found": f"{finding.found_on:%d/%m/%Y}"},
            "before_found",
        )
    _day(day, what)


@transaction.atomic
def add_follow_up(*, actor, finding: Finding, note: str, noted_on: datetime.date) -> FollowUpNote:
    """Note what was done about an open finding (notes are never edited)."""
    require_role(can_act(actor, "supervision.record"), _("follow a finding up"))
    finding = _open_finding(actor, finding)
    if not (note or "").strip():
        _refuse(_("Write what was done."), "note_required")
    _after_found(finding, noted_on, _("a follow-up"))
    entry = FollowUpNote(finding=finding, noted_on=noted_on, note=note.strip(), author=actor)
    entry.save()
    record(
        actor=actor,
        action=Action.FINDING_FOLLOWED_UP,
        instance=finding,
        new={"note_id": entry.pk, "noted_on": noted_on.isoformat(), "note": entry.note},
    )
    return entry


@transaction.atomic
def resolve_finding(
    *, actor, finding: Finding, resolution: str, resolved_on: datetime.date
) -> Finding:
    """Close a finding: how it was resolved and when (once)."""
    require_role(can_act(actor, "supervision.record"), _("resolve a finding"))
    finding = _open_finding(actor, finding)
    if not (resolution or "").strip():
        _refuse(_("Say how the finding was resolved."), "resolution_required")
    _after_found(finding, resolved_on, _("a resolution"))
    finding.resolved_on, finding.resolution, finding.resolved_by = (
        resolved_on,
        resolution.strip(),
        actor,
    )
    finding.save(update_fields=["resolved_on", "resolution", "resolved_by"])
    record(
        actor=actor,
        action=Action.FINDING_CLOSED,
        instance=finding,
        old={"resolved_on": None},
        new={"resolved_on": resolved_on.isoformat(), "resolution": finding.resolution},
    )
    return finding
