"""The Boards of Representatives of the bank's Board of Directors (Ban đại diện HĐQT NHCSXH):
the local government's seat at the bank, at each level where the law keeps one.

A board holds from its founding decision until it is dissolved (`Validity`); the levels at
which boards may exist are data with dates (`LevelPeriod`, migration 0002: district boards
end on 30/06/2025 with the two-tier local government). Members come and go by their terms and
are never deleted: one who leaves keeps the row, with the day and the reason. A meeting
records who attended, the resolutions and the tasks it gave; a task is followed to done by an
append-only log of progress notes, whose last "done" note sets the task's done date.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from policycredit.common.models import AppendOnly, Validity


class BoardLevel(models.TextChoices):
    CENTRAL = "central", _("central")
    PROVINCE = "province", _("province / city")
    DISTRICT = "district", _("district")


class LevelPeriod(Validity):
    """Boards of ``level`` may exist from ``valid_from`` to ``valid_to`` (open when empty)."""

    level = models.CharField(_("level"), max_length=10, choices=BoardLevel.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("level of the boards")
        verbose_name_plural = _("levels of the boards")
        ordering = ["level", "valid_from"]

    def __str__(self):
        return f"{self.get_level_display()} ({self.valid_from or '…'} – {self.valid_to or '…'})"


class Board(Validity):
    level = models.CharField(_("level"), max_length=10, choices=BoardLevel.choices)
    # The province or district whose government sits on it; none for the central board.
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="boards",
    )
    name = models.CharField(_("name"), max_length=200)
    decision = models.CharField(_("founding decision"), max_length=120, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    end_decision = models.CharField(_("decision ending it"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("board of representatives")
        verbose_name_plural = _("boards of representatives")
        ordering = ["level", "name", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="board_valid_order",
            ),
            models.CheckConstraint(
                condition=Q(level="central") | Q(unit__isnull=False), name="board_unit_required"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boards:board", args=[self.pk])


class MemberRole(models.TextChoices):
    HEAD = "head", _("head")
    DEPUTY = "deputy", _("deputy head")
    STANDING = "standing", _("standing member")
    MEMBER = "member", pgettext_lazy("board", "member")


class Member(models.Model):
    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.PROTECT, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(
        _("position held"),
        max_length=200,
        help_text=_("What the member holds, e.g. Chủ tịch UBND phường Bạch Mai."),
    )
    represents = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("unit represented"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_seats",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_seats",
    )
    role = models.CharField(_("role on the board"), max_length=10, choices=MemberRole.choices)
    term_from = models.DateField(_("term from"))
    term_to = models.DateField(_("term to"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["board", "term_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_to__isnull=True) | Q(term_to__gte=models.F("term_from")),
                name="member_term_order",
            )
        ]

    def __str__(self):
        return f"{self.full_name} ({self.position})"

    def in_office_on(self, day) -> bool:
        return self.term_from <= day and (self.term_to is None or day <= self.term_to)


class MeetingKind(models.TextChoices):
    QUARTERLY = "quarterly", _("quarterly")
    EXTRAORDINARY = "extraordinary", _("extraordinary")


class Meeting(models.Model):
    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind"), max_length=15, choices=MeetingKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("board meeting")
        verbose_name_plural = _("board meetings")
        ordering = ["-held_on", "-id"]
        constraints = [
            # One quarterly meeting per quarter; extraordinary ones as often as needed.
            models.UniqueConstraint(
                fields=["board", "year", "quarter"],
                condition=Q(kind="quarterly"),
                name="meeting_one_quarterly",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="meeting_quarter_range"
            ),
        ]
        indexes = [models.Index(fields=["board", "held_on"], name="meeting_board_day_idx")]

    def __str__(self):
        return f"{self.board.name} {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("boards:meeting", args=[self.pk])


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="attendance"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=pgettext_lazy("board", "member"),
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    present = models.BooleanField(_("present"))
    absence_reason = models.CharField(_("reason for absence"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member__term_from", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]

    def __str__(self):
        return f"{self.member.full_name}: {'+' if self.present else '-'}"


class Resolution(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="resolutions"
    )
    number = models.CharField(_("number"), max_length=40)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="resolution_number_once")
        ]

    def __str__(self):
        return self.number


class Task(models.Model):
    """A task a meeting gave to a member or to a body (e.g. "NHCSXH PGD"); ``done_on`` is set
    by the progress note that reports it done."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="tasks"
    )
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    description = models.TextField(_("task"))
    member = models.ForeignKey(
        Member,
        verbose_name=_("assigned to (member)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    body = models.CharField(_("assigned to (body)"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("board task")
        verbose_name_plural = _("board tasks")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(body=""), name="task_has_assignee"
            )
        ]
        indexes = [models.Index(fields=["done_on", "due_on"], name="task_open_due_idx")]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("boards:task", args=[self.pk])

    @property
    def assignee(self) -> str:
        return self.member.full_name if self.member_id else self.body

    def overdue_on(self, day) -> bool:
        return self.due_on < day and (self.done_on is None or self.done_on > day)


class Progress(AppendOnly, models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="progress"
    )
    noted_on = models.DateField(_("day"))
    note = models.TextField(_("progress"))
    done = models.BooleanField(_("done"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        ordering = ["task", "noted_on", "id"]

    def __str__(self):
        return f"{self.noted_on:%d/%m/%Y}: {self.note[:60]}"
