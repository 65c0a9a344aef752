"""Every write of the field checks: the loan-use check (06/TD) and the group inspection (16/TD),
each first recorded or corrected by a new record that supersedes the standing one.

Each service checks the role and the area itself (a screen's guard is not enough), refuses bad
input with a coded `ValidationError` before anything is written, and writes its record, its
audit event and (for a job-creation loan) the verified jobs on the loan in one transaction.
No money moves here: a loan found misused is flagged for the bank to recall, by its own acts.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from policycredit.accounts.policy import Refused, require_role
from policycredit.accounts.roles import can_act, can_change
from policycredit.audit.models import Action
from policycredit.audit.services import record, snapshot
from policycredit.common.selectors import business_date
from policycredit.common.services import save_record
from policycredit.domain.money import format_vnd
from policycredit.inspections import grading, selectors
from policycredit.inspections.models import (
    GroupInspection,
    InspectionScore,
    LoanUseCheck,
    QualityRule,
    UseOutcome,
)
from policycredit.loans.models import Loan
from policycredit.loans.services import record_verified_jobs
from policycredit.network.models import SavingsGroup


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _not_in_future(day: datetime.date) -> None:
    today = business_date()
    if day > today:
        _refuse(
            _("%(day)s is after today (%(today)s): a check is recorded once it is done.")
            % {"day": f"{day:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"},
            "future",
        )


def _correction(model, supersedes, reason: str, **same):
    """The standing record a correction replaces, locked; refused unless it still stands and is
    of the same loan (group and year)."""
    if supersedes is None:
        return None
    if not (reason or "").strip():
        _refuse(_("A correction needs its reason."), "reason_required")
    standing = model.objects.select_for_update().filter(pk=supersedes.pk, **same).first()
    if standing is None or model.objects.filter(supersedes=standing).exists():
        _refuse(
            _("Only the record that stands can be corrected: open the latest one."),
            "not_standing",
        )
    return standing


# ------------------------------------------------------------------------ the 06/TD check


@transaction.atomic
def record_loan_use_check(
    *,
    actor,
    loan: Loan,
    checked_on: datetime.date,
    outcome: str,
    amount_used: int | None = None,
    jobs_new: int | None = None,
    jobs_maintained: int | None = None,
    note: str = "",
    supersedes: LoanUseCheck | None = None,
    correction_reason: str = "",
) -> LoanUseCheck:
    """Record the 06/TD check of ``loan``, or (``supersedes``) correct the standing one."""
    require_role(can_act(actor, "inspections.check"), _("record a loan-use check"))
    if not selectors.checkable_loans(actor).filter(pk=loan.pk).exists():
        raise Refused(_("This loan is not lent through a group of your area."), code="scope")
    # The loan is locked so that two checks of one loan queue instead of racing.
    loan = Loan.objects.select_for_update().select_related("programme").get(pk=loan.pk)
    standing = _correction(LoanUseCheck, supersedes, correction_reason, loan=loan)
    if standing is None and LoanUseCheck.objects.filter(loan=loan).exists():
        _refuse(
            _("This loan's use was already checked: correct that check instead."),
            "already_checked",
        )
    _check_day(loan, checked_on)
    amount_used = _amount_used(loan, outcome, amount_used)
    jobs = _jobs(loan, jobs_new, jobs_maintained)
    check = LoanUseCheck(
        loan=loan,
        office_id=loan.office_id,
        checked_on=checked_on,
        outcome=outcome,
        amount_used=amount_used,
        disbursed=loan.disbursed_total,
        jobs_new=jobs[0],
        jobs_maintained=jobs[1],
        note=(note or "").strip(),
        checked_by=actor,
        supersedes=standing,
        correction_reason=(correction_reason or "").strip() if standing else "",
    )
    try:
        with transaction.atomic():
            check.save()
    except IntegrityError:
        _refuse(
            _("This loan's use was already checked: correct that check instead."), "already_checked"
        )
    action = Action.LOAN_USE_CHECK_CORRECTED if standing else Action.LOAN_USE_CHECKED
    record(
        actor=actor,
        action=action,
        instance=check,
        old={"supersedes_id": standing.pk, "outcome": standing.outcome} if standing else None,
        new=snapshot(check),
    )
    if check.flagged:
        record(
            actor=actor,
            action=Action.LOAN_MISUSE_FOUND,
            instance=check,
            new={"loan_id": loan.pk, "outcome": outcome, "misused": check.misused},
        )
    if loan.programme.records_jobs:
        record_verified_jobs(actor=actor, loan=loan, new=jobs[0], maintained=jobs[1])
    return check


def _check_day(loan: Loan, day: datetime.date) -> None:
    if day < loan.first_disbursed_on:
        _refuse(
            _("%(day)s is before the disbursement (%(disbursed)s): the use is checked after it.")
            % {"day": f"{day:%d/%m/%Y}", "disbursed": f"{loan.first_disbursed_on:%d/%m/%Y}"},
            "before_disbursement",
        )
    _not_in_future(day)


def _amount_used(loan: Loan, outcome: str, amount: int | None) -> int:
    disbursed = loan.disbursed_total
    if outcome == UseOutcome.AS_PLANNED:
        return disbursed
    if outcome == UseOutcome.NOT_USED:
        return 0
    if outcome != UseOutcome.PARTLY:
        _refuse(_("Choose how the loan was used."), "outcome_required")
    if amount is None:
        _refuse(
            _("A loan partly used as planned needs the amount used as planned, in đồng."),
            "amount_required",
        )
    if not 0 < amount < disbursed:
        _refuse(
            _(
                "The amount used as planned (%(amount)s) must be more than 0 and less than the "
                "%(disbursed)s disbursed; otherwise choose “used as planned” or “not used”."
            )
            % {"amount": format_vnd(amount), "disbursed": format_vnd(disbursed)},
            "amount_out_of_range",
        )
    return amount


def _jobs(loan: Loan, new: int | None, maintained: int | None) -> tuple[int | None, int | None]:
    if not loan.programme.records_jobs:
        if new or maintained:
            _refuse(
                _("This loan's programme does not record jobs: leave the job counts empty."),
                "jobs_not_recorded",
            )
        return None, None
    if new is None or maintained is None:
        _refuse(
            _("A job-creation loan's check records the jobs verified, new and maintained."),
            "jobs_required",
        )
    if new < 0 or maintained < 0:
        _refuse(_("Job counts cannot be negative."), "jobs_negative")
    return new, maintained


# ------------------------------------------------------------------ the 16/TD inspection


@transaction.atomic
def record_group_inspection(
    *,
    actor,
    group: SavingsGroup,
    inspected_on: datetime.date,
    scores: dict[str, int],
    findings: str = "",
    follow_up: str = "",
    supersedes: GroupInspection | None = None,
    correction_reason: str = "",
) -> GroupInspection:
    """Record the yearly inspection of ``group`` on the score sheet in force on the day, or
    (``supersedes``) correct the standing one of that year."""
    require_role(can_act(actor, "inspections.inspect"), _("record a group inspection"))
    if not selectors.inspectable_groups(actor).filter(pk=group.pk).exists():
        raise Refused(_("This group is not in your area or has closed."), code="scope")
    group = SavingsGroup.objects.select_for_update().get(pk=group.pk)
    year = inspected_on.year
    standing = _correction(GroupInspection, supersedes, correction_reason, group=group, year=year)
    if standing is None and GroupInspection.objects.filter(group=group, year=year).exists():
        _refuse(
            _("Group %(group)s was already inspected in %(year)s: correct that inspection.")
            % {"group": group.code, "year": year},
            "already_inspected",
        )
    if inspected_on < group.founded:
        _refuse(_("The group was founded after this day."), "before_founded")
    _not_in_future(inspected_on)
    criteria, bands = selectors.sheet_in_force(inspected_on)
    points, grade = _graded(criteria, bands, scores)
    inspection = GroupInspection(
        group=group,
        office_id=group.office_id,
        year=year,
        inspected_on=inspected_on,
        sheet_from=criteria[0].valid_from,
        score=points,
        max_score=sum(c.max_score for c in criteria),
        grade=grade,
        findings=(findings or "").strip(),
        follow_up=(follow_up or "").strip(),
        inspected_by=actor,
        supersedes=standing,
        correction_reason=(correction_reason or "").strip() if standing else "",
    )
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError:
        _refuse(_("This group was already inspected this year."), "already_inspected")
    InspectionScore.objects.bulk_create(
        InspectionScore(inspection=inspection, criterion=c, score=scores[c.code]) for c in criteria
    )
    record(
        actor=actor,
        action=Action.GROUP_INSPECTION_CORRECTED if standing else Action.GROUP_INSPECTED,
        instance=inspection,
        old={"supersedes_id": standing.pk, "grade": standing.grade} if standing else None,
        new={**snapshot(inspection), "scores": {c.code: scores[c.code] for c in criteria}},
    )
    return inspection


def _graded(criteria, bands, scores: dict) -> tuple[int, str]:
    if not criteria or not bands:
        _refuse(_("No score sheet is in force on this day: ask the administrator."), "no_sheet")
    try:
        points = grading.total({c.code: c.max_score for c in criteria}, scores)
        most = sum(c.max_score for c in criteria)
        return points, grading.grade(points, most, [(b.grade, b.min_percent) for b in bands])
    except grading.SheetError as error:
        names = {c.code: c.name for c in criteria}
        messages = {
            "score_missing": _("Score every criterion: “%(name)s” has no points."),
            "score_out_of_range": _("“%(name)s”: the points must be from 0 to %(most)s."),
            "unknown_criterion": _("“%(name)s” is not on the score sheet in force."),
        }
        message = messages.get(error.code, _("The score sheet in force cannot grade a group."))
        most_of = {c.code: c.max_score for c in criteria}.get(error.detail, 0)
        _refuse(
            message % {"name": names.get(error.detail, error.detail), "most": most_of}, error.code
        )


@transaction.atomic
def save_quality_rule(*, actor, instance: QualityRule) -> QualityRule:
    """Add or change one band of a quality scale (the admin's form calls this), audited by
    `save_record`. A scale that started before the business date is history: what was graded
    by it (a printed review, the month-end rollup) stays so. A decision therefore comes as a
    new scale from today or a later day; one entered late starts when it is entered, and its
    own date goes in the note."""
    require_role(can_change(actor, "inspections", "qualityrule"), _("change the quality rules"))
    today = business_date()
    touched = [instance.valid_from]
    if instance.pk is not None:
        touched.append(QualityRule.objects.select_for_update().get(pk=instance.pk).valid_from)
    if min(touched) < today:
        _refuse(
            _(
                "A scale that started before today (%(today)s) is history: what was graded by "
                "it stays so. Enter the decision as a new scale from today or a later day."
            )
            % {"today": f"{today:%d/%m/%Y}"},
            "in_force",
        )
    return save_record(actor=actor, instance=instance)
