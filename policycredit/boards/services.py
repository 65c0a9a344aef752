"""Every write of the boards: formed and dissolved, members appointed and leaving, meetings
recorded with their attendance, resolutions and tasks, and a task's progress to done.

The bank's office keeps the boards' records as their secretariat ("boards.manage"); whoever a
task was given to (a member with a user of their own) and the secretariat report its progress
("boards.task"). Each service checks the role and the board's area itself, refuses bad input
with a coded `ValidationError` before anything is written, and writes its named audit event in
the same transaction. No money moves here.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from policycredit.accounts.policy import Refused, require_role
from policycredit.accounts.roles import can_act
from policycredit.audit.models import Action
from policycredit.audit.services import record, snapshot
from policycredit.boards import selectors
from policycredit.boards.models import (
    Attendance,
    Board,
    BoardLevel,
    Meeting,
    MeetingKind,
    Member,
    MemberRole,
    Progress,
    Resolution,
    Task,
)
from policycredit.common.selectors import business_date
from policycredit.common.services import require, validate
from policycredit.geo.models import AdminUnit, Level

D = "%d/%m/%Y"
# The level of administrative unit a board of each level sits at.
UNIT_LEVEL = {BoardLevel.PROVINCE: Level.PROVINCE, BoardLevel.DISTRICT: Level.DISTRICT}


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _text(value) -> str:
    return (value or "").strip()


def _not_in_future(day: datetime.date, what: str) -> None:
    today = business_date()
    if day > today:
        _refuse(
            _("%(what)s on %(day)s is after today (%(today)s).")
            % {"what": what, "day": f"{day:{D}}", "today": f"{today:{D}}"},
            "future",
        )


def _managed(actor, board: Board) -> Board:
    """The board, locked, once the actor may keep its records."""
    require_role(can_act(actor, "boards.manage"), _("keep the records of a board"))
    if not selectors.boards_for(actor).filter(pk=board.pk).exists():
        raise Refused(_("This board is not in your area."), code="scope")
    return Board.objects.select_for_update().get(pk=board.pk)


# ------------------------------------------------------------------------------ boards


@transaction.atomic
def form_board(
    *,
    actor,
    level: str,
    unit: AdminUnit | None,
    name: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    decision: str = "",
    decided_on: datetime.date | None = None,
    end_decision: str = "",
) -> Board:
    """A board formed by ``decision``, in force from ``valid_from`` (to ``valid_to``, when
    recorded after it ended: ``end_decision`` says by what)."""
    require_role(can_act(actor, "boards.manage"), _("form a board"))
    board = Board(
        level=level,
        unit=unit if level != BoardLevel.CENTRAL else None,
        name=_text(name),
        valid_from=valid_from,
        valid_to=valid_to,
        decision=_text(decision),
        decided_on=decided_on,
        end_decision=_text(end_decision) if valid_to else "",
    )
    require(valid_from is not None, _("A board needs the day it is formed."), "from_required")
    _check_level(board)
    if unit is not None and not selectors.units_seen_by(actor).covers(unit.pk):
        raise Refused(_("This unit is not in your area."), code="scope")
    validate(board)
    board.save()
    record(actor=actor, action=Action.BOARD_FORMED, instance=board, new=snapshot(board))
    return board


def _check_level(board: Board) -> None:
    """The level exists on every day the board holds, and its unit is of that level and in
    force as long as the board is."""
    if board.level not in BoardLevel.values:
        _refuse(_("Choose the board's level."), "level_required")
    if board.valid_to is not None and board.valid_to < board.valid_from:
        _refuse(_("A board cannot end before it is formed."), "ends_before_start")
    label = BoardLevel(board.level).label
    period = next(
        (p for p in selectors.level_periods(board.level) if p.holds_on(board.valid_from)), None
    )
    if period is None:
        _refuse(
            _("No board of the %(level)s level exists on %(day)s.")
            % {"level": label, "day": f"{board.valid_from:{D}}"},
            "level_not_in_force",
        )
    if period.valid_to is not None and (board.valid_to is None or board.valid_to > period.valid_to):
        _refuse(
            _(
                "Boards of the %(level)s level exist only until %(last)s: this board must "
                "end by then."
            )
            % {"level": label, "last": f"{period.valid_to:{D}}"},
            "level_ended",
        )
    if board.level == BoardLevel.CENTRAL:
        return
    unit = board.unit
    if unit is None:
        _refuse(_("A board of this level needs its administrative unit."), "unit_required")
    if unit.level != UNIT_LEVEL[board.level]:
        _refuse(
            _("A %(level)s board sits at a unit of that level: %(unit)s is not one.")
            % {"level": label, "unit": unit.name},
            "unit_level",
        )
    if not unit.holds_on(board.valid_from) or (
        unit.valid_to is not None and (board.valid_to is None or board.valid_to > unit.valid_to)
    ):
        _refuse(
            _("%(unit)s does not exist for the whole time of the board.") % {"unit": unit.name},
            "unit_not_in_force",
        )


@transaction.atomic
def dissolve_board(*, actor, board: Board, valid_to: datetime.date, decision: str = "") -> Board:
    """The board ends on ``valid_to`` (its members' terms with it)."""
    board = _managed(actor, board)
    if board.valid_to is not None:
        _refuse(_("This board has already ended."), "already_ended")
    if valid_to < board.valid_from:
        _refuse(_("A board cannot end before it is formed."), "ends_before_start")
    if board.meetings.filter(held_on__gt=valid_to).exists():
        _refuse(_("The board met after this day."), "met_after")
    board.valid_to, board.end_decision = valid_to, _text(decision)
    board.save(update_fields=["valid_to", "end_decision"])
    for member in board.members.exclude(term_to__lte=valid_to):
        member.term_to = valid_to
        member.left_reason = member.left_reason or _("the board ended")
        member.save(update_fields=["term_to", "left_reason"])
    record(
        actor=actor,
        action=Action.BOARD_DISSOLVED,
        instance=board,
        old={"valid_to": None},
        new={"valid_to": valid_to.isoformat(), "end_decision": board.end_decision},
    )
    return board


# ------------------------------------------------------------------------------ members


@transaction.atomic
def appoint_member(
    *,
    actor,
    board: Board,
    full_name: str,
    position: str,
    role: str,
    term_from: datetime.date,
    term_to: datetime.date | None = None,
    represents: AdminUnit | None = None,
    user=None,
) -> Member:
    board = _managed(actor, board)
    if term_to is None and board.valid_to is not None:
        term_to = board.valid_to  # a term ends with the board at the latest
    member = Member(
        board=board,
        full_name=_text(full_name),
        position=_text(position),
        role=role,
        term_from=term_from,
        term_to=term_to,
        represents=represents,
        user=user,
    )
    require(role in MemberRole.values, _("Choose the member's role on the board."), "role")
    if term_to is not None and term_to < term_from:
        _refuse(_("A term cannot end before it starts."), "term_order")
    if not board.holds_on(term_from) or (board.valid_to and term_to > board.valid_to):
        _refuse(
            _("The term must lie within the board's time (%(start)s – %(end)s).")
            % {"start": f"{board.valid_from:{D}}", "end": _day(board.valid_to)},
            "term_outside_board",
        )
    if role == MemberRole.HEAD and _overlapping(board, term_from, term_to, role=role).exists():
        _refuse(_("The board has a head for part of this term already."), "two_heads")
    if user is not None and _overlapping(board, term_from, term_to, user=user).exists():
        _refuse(_("This user already sits on the board for part of this term."), "user_twice")
    validate(member)
    member.save()
    record(actor=actor, action=Action.BOARD_MEMBER_APPOINTED, instance=member, new=snapshot(member))
    return member


def _day(day) -> str:
    return f"{day:{D}}" if day else "…"


def _overlapping(board, start, end, **same):
    members = board.members.filter(**same)
    if end is not None:
        members = members.filter(term_from__lte=end)
    return members.exclude(term_to__lt=start)


@transaction.atomic
def member_leaves(*, actor, member: Member, left_on: datetime.date, reason: str) -> Member:
    """The member's term ends on ``left_on``; the member stays on the records."""
    _managed(actor, member.board)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not _text(reason):
        _refuse(_("Say why the member leaves."), "reason_required")
    if left_on < member.term_from:
        _refuse(_("A member cannot leave before the term starts."), "term_order")
    if member.term_to is not None and member.term_to < left_on:
        _refuse(_("This member's term had already ended."), "already_left")
    if member.attendance.filter(meeting__held_on__gt=left_on).exists():
        _refuse(_("The member attended a meeting after this day."), "met_after")
    old = {"term_to": _plain(member.term_to), "left_reason": member.left_reason}
    member.term_to, member.left_reason = left_on, _text(reason)
    member.save(update_fields=["term_to", "left_reason"])
    record(
        actor=actor,
        action=Action.BOARD_MEMBER_LEFT,
        instance=member,
        old=old,
        new={"term_to": left_on.isoformat(), "left_reason": member.left_reason},
    )
    return member


def _plain(day):
    return day.isoformat() if day else None


# ------------------------------------------------------------------------------ meetings


@dataclass(frozen=True)
class TaskDraft:
    description: str
    due_on: datetime.date
    member: Member | None = None
    body: str = ""
    resolution_number: str = ""


@transaction.atomic
def record_meeting(
    *,
    actor,
    board: Board,
    held_on: datetime.date,
    kind: str,
    agenda: str,
    attendance: dict[int, str | None],
    resolutions: list[tuple[str, str]] = (),
    tasks: list[TaskDraft] = (),
    place: str = "",
) -> Meeting:
    """A meeting held on ``held_on``: ``attendance`` maps each member in office that day (by
    id) to None when present, or to the reason of the absence."""
    board = _managed(actor, board)
    if kind not in MeetingKind.values:
        _refuse(_("Choose the kind of meeting."), "kind_required")
    if not board.holds_on(held_on):
        _refuse(_("The board did not exist on %(day)s.") % {"day": f"{held_on:{D}}"}, "no_board")
    _not_in_future(held_on, _("A meeting"))
    if not _text(agenda):
        _refuse(_("Write the meeting's agenda."), "agenda_required")
    quarter = (held_on.month - 1) // 3 + 1
    if (
        kind == MeetingKind.QUARTERLY
        and board.meetings.filter(kind=kind, year=held_on.year, quarter=quarter).exists()
    ):
        _refuse(
            _("The board already held its meeting of quarter %(q)s/%(year)s.")
            % {"q": quarter, "year": held_on.year},
            "quarter_held",
        )
    in_office = list(selectors.members_in_office(board, held_on))
    _check_attendance(in_office, attendance)
    meeting = Meeting(
        board=board,
        held_on=held_on,
        kind=kind,
        year=held_on.year,
        quarter=quarter,
        place=_text(place),
        agenda=_text(agenda),
        recorded_by=actor,
    )
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        _refuse(_("The board already held its meeting of this quarter."), "quarter_held")
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member=m,
            present=attendance[m.pk] is None,
            absence_reason=_text(attendance[m.pk]),
        )
        for m in in_office
    )
    numbers = {}
    for number, text in resolutions:
        number, text = _text(number), _text(text)
        if not number or not text:
            _refuse(_("A resolution needs its number and its text."), "resolution_incomplete")
        if number in numbers:
            _refuse(
                _("Resolution %(number)s is given twice.") % {"number": number}, "resolution_twice"
            )
        numbers[number] = Resolution.objects.create(meeting=meeting, number=number, text=text)
    present = sum(1 for m in in_office if attendance[m.pk] is None)
    record(
        actor=actor,
        action=Action.BOARD_MEETING_HELD,
        instance=meeting,
        new={
            **snapshot(meeting),
            "present": present,
            "absent": len(in_office) - present,
            "resolutions": sorted(numbers),
        },
    )
    for draft in tasks:
        resolution = None
        if draft.resolution_number:
            resolution = numbers.get(_text(draft.resolution_number))
            if resolution is None:
                _refuse(
                    _("The task names resolution %(number)s, which this meeting did not pass.")
                    % {"number": draft.resolution_number},
                    "resolution_unknown",
                )
        _assign(actor, meeting, draft, resolution)
    return meeting


def _check_attendance(in_office: list[Member], attendance: dict) -> None:
    ids = {m.pk for m in in_office}
    if not ids:
        _refuse(_("The board had no member in office on this day."), "no_members")
    if set(attendance) - ids:
        _refuse(
            _("The attendance names someone who was not a member in office on this day."),
            "not_in_office",
        )
    missing = [m.full_name for m in in_office if m.pk not in attendance]
    if missing:
        _refuse(
            _("Say whether each member in office attended: %(names)s.")
            % {"names": ", ".join(missing)},
            "attendance_missing",
        )
    for member in in_office:
        reason = attendance[member.pk]
        if reason is not None and not _text(reason):
            _refuse(
                _("Give the reason %(name)s was absent.") % {"name": member.full_name},
                "absence_reason",
            )
    if all(attendance[m.pk] is not None for m in in_office):
        _refuse(_("No member attended: no meeting was held."), "nobody_present")


# ------------------------------------------------------------------------------ tasks


@transaction.atomic
def assign_task(
    *,
    actor,
    meeting: Meeting,
    description: str,
    due_on: datetime.date,
    member: Member | None = None,
    body: str = "",
    resolution: Resolution | None = None,
) -> Task:
    """A task the meeting gave, recorded after the meeting's own record."""
    _managed(actor, meeting.board)
    draft = TaskDraft(description=description, due_on=due_on, member=member, body=body)
    if resolution is not None and resolution.meeting_id != meeting.pk:
        _refuse(_("The resolution is of another meeting."), "resolution_unknown")
    return _assign(actor, meeting, draft, resolution)


def _assign(actor, meeting: Meeting, draft: TaskDraft, resolution) -> Task:
    if not _text(draft.description):
        _refuse(_("Describe the task."), "description_required")
    member, body = draft.member, _text(draft.body)
    if (member is None) == (not body):
        _refuse(
            _("Give the task to one member or to one body (e.g. NHCSXH PGD), not both."),
            "assignee",
        )
    if member is not None and (
        member.board_id != meeting.board_id or not member.in_office_on(meeting.held_on)
    ):
        _refuse(
            _("%(name)s was not a member of the board on the day of the meeting.")
            % {"name": member.full_name},
            "assignee_not_member",
        )
    if draft.due_on is None or draft.due_on < meeting.held_on:
        _refuse(_("A task falls due on or after the meeting."), "due_before_meeting")
    task = Task(
        meeting=meeting,
        resolution=resolution,
        description=_text(draft.description),
        member=member,
        body=body,
        due_on=draft.due_on,
    )
    validate(task)
    task.save()
    record(actor=actor, action=Action.BOARD_TASK_ASSIGNED, instance=task, new=snapshot(task))
    return task


def may_report(actor, task: Task) -> bool:
    """The secretariat of the task's board, or the member the task was given to."""
    if not can_act(actor, "boards.task"):
        return False
    if task.member_id and task.member.user_id == actor.pk:
        return True
    return can_act(actor, "boards.manage") and (
        selectors.boards_for(actor).filter(pk=task.meeting.board_id).exists()
    )


@transaction.atomic
def report_progress(
    *, actor, task: Task, noted_on: datetime.date, note: str, done: bool = False
) -> Progress:
    """A progress note on ``task``; ``done`` closes it on ``noted_on``."""
    require_role(can_act(actor, "boards.task"), _("report on a board's task"))
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("meeting", "member")
        .get(pk=task.pk)
    )
    if not may_report(actor, task):
        raise Refused(
            _("Only the person the task was given to, or the board's secretariat, reports on it."),
            code="scope",
        )
    if task.done_on is not None:
        _refuse(_("This task is done already."), "already_done")
    if not _text(note):
        _refuse(_("Write what was done."), "note_required")
    if noted_on < task.meeting.held_on:
        _refuse(_("Progress is reported after the meeting that gave the task."), "before_meeting")
    last = task.progress.order_by("-noted_on").values_list("noted_on", flat=True).first()
    if last is not None and noted_on < last:
        _refuse(
            _("The last progress note is of %(day)s: a new one cannot be dated before it.")
            % {"day": f"{last:{D}}"},
            "before_last",
        )
    _not_in_future(noted_on, _("Progress"))
    progress = Progress(task=task, noted_on=noted_on, note=_text(note), done=done, by=actor)
    progress.save()
    if done:
        task.done_on = noted_on
        task.save(update_fields=["done_on"])
    record(
        actor=actor,
        action=Action.BOARD_TASK_DONE if done else Action.BOARD_TASK_PROGRESS,
        instance=task,
        new={"progress_id": progress.pk, "noted_on": noted_on.isoformat(), "done": done},
    )
    return progress
