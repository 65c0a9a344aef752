"""The boards on screen: the boards with their members and terms, a board's meetings, a
meeting's page printable as minutes (``?format=pdf``), the forms of the secretariat, and the
tasks with their progress.

Views are thin: reads through the scoped selectors (another area's record is a 404), writes
through the services, whose refusals are shown on the form.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policycredit.accounts.roles import can_act, require_action
from policycredit.boards import selectors, services
from policycredit.boards.forms import (
    BoardForm,
    DayChoiceForm,
    LeaveForm,
    MeetingForm,
    MemberForm,
    ProgressForm,
    TaskForm,
)
from policycredit.boards.models import Member
from policycredit.common import query as address
from policycredit.common.forms import errors_to_form
from policycredit.common.pages import SignedInView, page
from policycredit.common.pdf import pdf_response
from policycredit.common.selectors import business_date


class _FormView(SignedInView):
    """A form of the secretariat: the record it is about, the form, and the service's answer on
    it. Subclasses name the record, the form and the write."""

    act = "boards.manage"
    template = "boards/form.html"
    done = ""

    def target(self, request, pk):
        return None

    def form(self, request, target, data=None):
        raise NotImplementedError

    def write(self, actor, target, form):
        raise NotImplementedError

    def title(self, target) -> str:
        raise NotImplementedError

    def context(self, request, target, form) -> dict:
        return {}

    def render(self, request, target, form):
        context = {"form": form, "target": target, **self.context(request, target, form)}
        return page(request, self.template, context, title=self.title(target))

    def get(self, request, pk=None):
        require_action(request.user, self.act)
        target = self.target(request, pk)
        return self.render(request, target, self.form(request, target))

    def post(self, request, pk=None):
        require_action(request.user, self.act)
        target = self.target(request, pk)
        form = self.form(request, target, request.POST)
        if form.is_valid():
            try:
                made = self.write(request.user, target, form)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, self.done)
                return redirect(made)
        return self.render(request, target, form)


# ------------------------------------------------------------------------------ boards


class BoardsView(SignedInView):
    def get(self, request):
        require_action(request.user, "boards.view")
        today = business_date()
        boards = list(selectors.boards_summary(request.user).order_by("-valid_from", "name"))
        return page(
            request,
            "boards/boards.html",
            {
                "today": today,
                "boards": boards,
                "in_force": [b for b in boards if b.holds_on(today)],
                "ended": [b for b in boards if not b.holds_on(today)],
                "my_tasks": selectors.my_tasks(request.user),
                "can_manage": can_act(request.user, "boards.manage"),
            },
            title=_("Boards of Representatives"),
        )


class BoardNewView(_FormView):
    done = gettext_lazy("Board recorded.")

    def form(self, request, target, data=None):
        units = selectors.units_seen_by(request.user).units().order_by("level", "name")
        return BoardForm(data, units=units)

    def write(self, actor, target, form):
        return services.form_board(actor=actor, **form.service_arguments())

    def title(self, target):
        return _("Record a board of representatives")


class BoardView(SignedInView):
    def get(self, request, pk):
        require_action(request.user, "boards.view")
        board = get_object_or_404(selectors.boards_for(request.user), pk=pk)
        today = business_date()
        members = list(board.members.select_related("represents", "user"))
        return page(
            request,
            "boards/board.html",
            {
                "board": board,
                "today": today,
                "members": [m for m in members if m.in_office_on(today)],
                "former": [m for m in members if not m.in_office_on(today)],
                "meetings": board.meetings.order_by("-held_on").prefetch_related("resolutions"),
                "can_manage": can_act(request.user, "boards.manage"),
            },
            title=str(board),
        )


class MemberNewView(_FormView):
    done = gettext_lazy("Member appointed.")

    def target(self, request, pk):
        return get_object_or_404(selectors.boards_for(request.user), pk=pk)

    def form(self, request, board, data=None):
        users = selectors.users_to_link(request.user, board)
        return MemberForm(data, board=board, users=users)

    def write(self, actor, board, form):
        services.appoint_member(actor=actor, board=board, **form.service_arguments())
        return board

    def title(self, board):
        return _("Appoint a member: %(board)s") % {"board": board}


class MemberLeaveView(_FormView):
    done = gettext_lazy("The member's term ended.")

    def target(self, request, pk):
        return get_object_or_404(selectors.members_for(request.user), pk=pk)

    def form(self, request, member, data=None):
        return LeaveForm(data, initial={"left_on": business_date()})

    def write(self, actor, member, form):
        services.member_leaves(actor=actor, member=member, **form.cleaned_data)
        return member.board

    def title(self, member):
        return _("A member leaves: %(name)s") % {"name": member.full_name}


# ------------------------------------------------------------------------------ meetings


class MeetingNewView(_FormView):
    """The meeting form for the day in the address (``?held_on=``, today by default): its
    attendance lists the members in office that day."""

    done = gettext_lazy("Meeting recorded.")
    template = "boards/meeting_form.html"

    def target(self, request, pk):
        return get_object_or_404(selectors.boards_for(request.user), pk=pk)

    def _day(self, request):
        return address.read(DayChoiceForm(request.GET or None)).get("held_on") or business_date()

    def form(self, request, board, data=None):
        day = self._day(request)
        members = selectors.members_in_office(board, day)
        initial = {"held_on": day, "kind": "quarterly", "present": [m.pk for m in members]}
        return MeetingForm(data, initial=initial, members=members)

    def write(self, actor, board, form):
        members = {m.pk: m for m in board.members.all()}
        return services.record_meeting(actor=actor, board=board, **form.service_arguments(members))

    def title(self, board):
        return _("Record a meeting: %(board)s") % {"board": board}

    def context(self, request, board, form):
        return {"board": board, "day": self._day(request)}


class MeetingView(SignedInView):
    def get(self, request, pk):
        require_action(request.user, "boards.view")
        meeting = get_object_or_404(selectors.meetings_for(request.user), pk=pk)
        context = {
            "meeting": meeting,
            "board": meeting.board,
            "attendance": meeting.attendance.select_related("member"),
            "resolutions": meeting.resolutions.all(),
            "tasks": meeting.tasks.select_related("member", "resolution"),
            "today": business_date(),
        }
        present = [a for a in context["attendance"] if a.present]
        context["present_count"] = len(present)
        context["signers"] = [
            (_("Secretary"), _("(signature, full name)"), ""),
            (_("Chairing the meeting"), _("(signature, full name)"), ""),
        ]
        if address.file_format(request, "pdf"):
            filename = f"bien-ban-hop-{meeting.held_on:%Y-%m-%d}-{meeting.pk}"
            return pdf_response(request, "boards/print.html", context, filename)
        return page(
            request,
            "boards/meeting.html",
            {**context, "can_manage": can_act(request.user, "boards.manage")},
            title=_("Meeting of %(day)s: %(board)s")
            % {"day": f"{meeting.held_on:%d/%m/%Y}", "board": meeting.board},
        )


class TaskNewView(_FormView):
    done = gettext_lazy("Task assigned.")

    def target(self, request, pk):
        return get_object_or_404(selectors.meetings_for(request.user), pk=pk)

    def form(self, request, meeting, data=None):
        in_office = selectors.members_in_office(meeting.board, meeting.held_on)
        members = Member.objects.filter(pk__in=[m.pk for m in in_office])
        return TaskForm(data, meeting=meeting, members=members)

    def write(self, actor, meeting, form):
        services.assign_task(actor=actor, meeting=meeting, **form.cleaned_data)
        return meeting

    def title(self, meeting):
        return _("Assign a task: %(meeting)s") % {"meeting": meeting}


# ------------------------------------------------------------------------------ tasks


class TasksView(SignedInView):
    def get(self, request):
        require_action(request.user, "boards.view")
        today = business_date()
        return page(
            request,
            "boards/tasks.html",
            {"today": today, "tasks": selectors.tasks_listed(request.user, today)},
            title=_("Tasks of the boards"),
        )


class TaskView(SignedInView):
    """A task with its progress notes; the assignee and the secretariat add a note here."""

    def _render(self, request, task, form):
        return page(
            request,
            "boards/task.html",
            {
                "task": task,
                "today": business_date(),
                "progress": task.progress.select_related("by"),
                "form": form,
            },
            title=_("Task: %(task)s") % {"task": task},
        )

    def _task(self, request, pk):
        return get_object_or_404(selectors.tasks_for(request.user), pk=pk)

    def get(self, request, pk):
        require_action(request.user, "boards.view")
        task = self._task(request, pk)
        may = task.done_on is None and services.may_report(request.user, task)
        form = ProgressForm(initial={"noted_on": business_date()}) if may else None
        return self._render(request, task, form)

    def post(self, request, pk):
        require_action(request.user, "boards.task")
        task = self._task(request, pk)
        form = ProgressForm(request.POST)
        if form.is_valid():
            try:
                services.report_progress(actor=request.user, task=task, **form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Progress recorded."))
                return redirect(task)
        return self._render(request, task, form)
