"""Reads of the boards, scoped to the user, and the year's summary the review document reads.

Who sees which board: a board belongs to a unit (the central board to none), and a person sees
the boards of the units their own area lies in. The bank's office staff see the boards of their
office's district and of the province above it; a ward's officer or a board member at a ward
the boards above the ward, through the reform too (a new ward's officer sees the district board
on which the chairs of its old wards sat); a board member at a province or district sees its
boards and those below it; a mass organisation's officer those above the organisation's unit.
Everybody who may see boards sees the central one, and whoever sits on a board sees it. A board
outside answers 404, like a missing one.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from policycredit.accounts.models import User
from policycredit.accounts.roles import Role, ScopeKind
from policycredit.accounts.selectors import scope_of
from policycredit.boards.models import (
    Board,
    BoardLevel,
    LevelPeriod,
    Meeting,
    Member,
    Resolution,
    Task,
)
from policycredit.geo.models import AdminUnit, Level, Office, Succession
from policycredit.network.models import MassOrganisation


def level_periods(level: str) -> list[LevelPeriod]:
    """When boards of ``level`` may exist, the earliest first."""
    return list(LevelPeriod.objects.filter(level=level).order_by("valid_from"))


def level_periods_for(user) -> QuerySet:
    """The levels' periods are reference data: the same for everyone who may see them."""
    return LevelPeriod.objects.all()


@dataclass(frozen=True)
class UnitsSeen:
    """The units whose boards a user sees: all of them, or ``ids`` and everything below
    ``below`` (a province's or district's own board member)."""

    everything: bool = False
    ids: frozenset = frozenset()
    below: frozenset = frozenset()

    def covers(self, unit_id: int) -> bool:
        if self.everything or unit_id in self.ids or unit_id in self.below:
            return True
        parents = AdminUnit.objects.filter(pk=unit_id).values_list("parent_id", "parent__parent_id")
        return any(p in self.below for row in parents for p in row)

    def units(self) -> QuerySet:
        """The provinces and districts whose boards the user sees (a board's unit to choose)."""
        units = AdminUnit.objects.filter(level__in=[Level.PROVINCE, Level.DISTRICT])
        if self.everything:
            return units
        return units.filter(Q(pk__in=self.ids) | Q(pk__in=self.below) | Q(parent_id__in=self.below))

    def q(self, prefix: str = "unit") -> Q:
        if self.everything:
            return Q()
        found = Q(**{f"{prefix}_id__in": self.ids}) | Q(**{f"{prefix}__isnull": True})
        if self.below:
            found |= Q(**{f"{prefix}__parent_id__in": self.below})
            found |= Q(**{f"{prefix}__parent__parent_id__in": self.below})
            found |= Q(**{f"{prefix}_id__in": self.below})
        return found


def _upwards(ids: set[int]) -> set[int]:
    """The units and every unit above them, and across the reform: the units an old unit went
    into (and theirs above), the old units a new one was made of (and theirs above)."""
    seen, frontier = set(), set(ids)
    while frontier:
        seen |= frontier
        parents = set(
            AdminUnit.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
        links = Succession.objects.filter(Q(predecessor_id__in=frontier))
        after = set(links.values_list("successor_id", flat=True))
        frontier = (parents | after) - seen
    return seen


def _predecessors(ids: set[int]) -> set[int]:
    return set(
        Succession.objects.filter(successor_id__in=ids).values_list("predecessor_id", flat=True)
    )


def units_seen_by(user) -> UnitsSeen:
    cached = getattr(user, "_boards_units", None)
    if cached is not None:
        return cached
    scope = scope_of(user)
    kind = getattr(user, "scope_kind", None)
    if scope.everything:
        seen = UnitsSeen(everything=True)
    elif kind == ScopeKind.OFFICE:
        areas = set(
            Office.objects.filter(pk__in=scope.office_ids).values_list("area_id", flat=True)
        )
        seen = UnitsSeen(ids=frozenset(_upwards(areas)))
    elif kind == ScopeKind.UNIT and user.unit_id:
        start = {user.unit_id} | set(scope.ward_ids)
        start |= _predecessors(start)
        below = frozenset() if user.unit.level == Level.WARD else frozenset({user.unit_id})
        seen = UnitsSeen(ids=frozenset(_upwards(start)), below=below)
    elif kind == ScopeKind.ORGANISATION and user.organisation_id:
        units = set(
            MassOrganisation.objects.filter(pk=user.organisation_id).values_list(
                "unit_id", flat=True
            )
        )
        seen = UnitsSeen(ids=frozenset(_upwards(units | _predecessors(units))))
    else:
        seen = UnitsSeen()
    user._boards_units = seen
    return seen


def boards_for(user) -> QuerySet:
    """The boards the user may see."""
    if not user.is_authenticated or not user.is_active:
        return Board.objects.none()
    qs = Board.objects.select_related("unit")
    seen = units_seen_by(user)
    if seen.everything:
        return qs
    return qs.filter(seen.q() | Q(Exists(Member.objects.filter(board=OuterRef("pk"), user=user))))


def members_for(user) -> QuerySet:
    return Member.objects.select_related("board", "represents", "user").filter(
        board__in=boards_for(user).values("pk")
    )


def meetings_for(user) -> QuerySet:
    return Meeting.objects.select_related("board", "board__unit").filter(
        board__in=boards_for(user).values("pk")
    )


def tasks_for(user) -> QuerySet:
    return Task.objects.select_related("meeting", "meeting__board", "member", "resolution").filter(
        meeting__board__in=boards_for(user).values("pk")
    )


def members_in_office(board: Board, day: datetime.date) -> list[Member]:
    """The members of ``board`` whose term covers ``day``, in the board's order (head first)."""
    order = {"head": 0, "deputy": 1, "standing": 2, "member": 3}
    members = board.members.filter(term_from__lte=day).exclude(term_to__lt=day)
    return sorted(members.select_related("represents"), key=lambda m: (order[m.role], m.pk))


def tasks_listed(user, today: datetime.date) -> list[Task]:
    """Every task the user may see: the overdue first (the longest overdue first), then the
    open ones by due date, then the done ones, the latest done first."""
    tasks = list(tasks_for(user))
    overdue = sorted((t for t in tasks if t.done_on is None and t.due_on < today), key=_due)
    waiting = sorted((t for t in tasks if t.done_on is None and t.due_on >= today), key=_due)
    done = sorted((t for t in tasks if t.done_on is not None), key=lambda t: (t.done_on, t.pk))
    return overdue + waiting + done[::-1]


def _due(task: Task):
    return (task.due_on, task.pk)


def my_tasks(user) -> QuerySet:
    """The open tasks given to the member seats this user holds."""
    return tasks_for(user).filter(member__user=user, done_on__isnull=True)


def users_to_link(user, board: Board) -> QuerySet:
    """The sign-ins a member of ``board`` may be linked to: the board members and ward officers
    of the board's unit, the units below it and above it, and the staff of the user's offices."""
    units = _upwards({board.unit_id}) | _below(board.unit) if board.unit_id else set()
    scope = scope_of(user)
    found = Q(role__in=[Role.BOARD_MEMBER, Role.WARD_OFFICER], unit_id__in=units)
    found |= Q(office_id__in=scope.office_ids)
    if scope.everything and not units:
        found = Q()  # the central board, for the administrator: anyone
    return User.objects.filter(found, is_active=True).order_by("username")


def boards_summary(user) -> QuerySet:
    return boards_for(user).annotate(meeting_count=Count("meetings", distinct=True))


# ------------------------------------------------------------------ the year, for the review


@dataclass(frozen=True)
class BoardYear:
    year: int
    as_of: datetime.date
    boards: list  # names of the boards in force in the year
    members: list  # (full name, what they hold) in office on as_of or the year's last day
    meetings: int
    meeting_dates: list
    resolutions: int
    tasks_assigned: int
    tasks_done: int  # of those assigned, done by as_of
    tasks_open: int
    tasks_overdue: int  # open and past their due date on as_of


def _below(unit: AdminUnit) -> set[int]:
    """``unit``, every unit below it, and the old units the new ones were made of."""
    ids, frontier = set(), {unit.pk}
    while frontier:
        ids |= frontier
        children = set(
            AdminUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        frontier = (children | _predecessors(frontier)) - ids
    return ids


def year_summary(user, year: int, as_of: datetime.date, unit=None) -> BoardYear:
    """The boards' work in ``year`` up to ``as_of``: of the boards the user may see, those of
    ``unit`` and below it and those on which a member represents one of its wards (all the
    user may see when ``unit`` is None)."""
    first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), as_of)
    boards = boards_for(user).filter(valid_from__lte=last).exclude(valid_to__lt=first)
    if unit is not None:
        units = _below(unit)
        seats = Member.objects.filter(board=OuterRef("pk"), represents_id__in=units)
        boards = boards.filter(Q(unit_id__in=units) | Q(Exists(seats)))
    boards = list(boards.order_by("valid_from", "name"))
    ids = [b.pk for b in boards]
    members = [
        (m.full_name, m.position)
        for board in boards
        if board.holds_on(last)
        for m in members_in_office(board, last)
    ]
    meetings = Meeting.objects.filter(board_id__in=ids, held_on__range=(first, last))
    dates = sorted(meetings.values_list("held_on", flat=True))
    tasks = list(
        Task.objects.filter(meeting__in=meetings.values("pk")).values_list("due_on", "done_on")
    )
    done = sum(1 for _due_on, done_on in tasks if done_on is not None and done_on <= as_of)
    overdue = sum(
        1 for due_on, done_on in tasks if (done_on is None or done_on > as_of) and due_on < as_of
    )
    return BoardYear(
        year=year,
        as_of=as_of,
        boards=[b.name for b in boards],
        members=members,
        meetings=len(dates),
        meeting_dates=dates,
        resolutions=Resolution.objects.filter(meeting__in=meetings.values("pk")).count(),
        tasks_assigned=len(tasks),
        tasks_done=done,
        tasks_open=len(tasks) - done,
        tasks_overdue=overdue,
    )


__all__ = [
    "BoardLevel",
    "BoardYear",
    "boards_for",
    "level_periods",
    "meetings_for",
    "members_for",
    "members_in_office",
    "tasks_for",
    "tasks_listed",
    "units_seen_by",
    "year_summary",
]
