"""The boards' forms: what is typed is read here (days dd/mm/yyyy, choices by id), what it
means for the board is the service's to refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminCheckboxSelectMultipleWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from policycredit.accounts.models import User
from policycredit.boards.models import BoardLevel, MeetingKind, MemberRole
from policycredit.boards.services import TaskDraft
from policycredit.common.forms import DayField, IdChoiceField
from policycredit.geo.models import AdminUnit, Level

RESOLUTION_ROWS = 3
TASK_ROWS = 3
TEXT = UnfoldAdminTextInputWidget
DATE = UnfoldAdminSingleDateWidget
EMPTY = _("– Choose –")


def _text(label, required=False, rows=3, max_length=4000):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": rows}),
    )


def _line(label, required=False, max_length=200):
    return forms.CharField(label=label, required=required, max_length=max_length, widget=TEXT)


def _choice(label, choices, required=True):
    return forms.ChoiceField(
        label=label,
        choices=[("", EMPTY), *choices] if not required else choices,
        required=required,
        widget=UnfoldAdminSelectWidget,
    )


class BoardForm(forms.Form):
    level = _choice(_("level"), BoardLevel.choices)
    unit = IdChoiceField(
        label=_("administrative unit"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=EMPTY,
        widget=UnfoldAdminSelectWidget,
        help_text=_("The province or district; none for the central board."),
    )
    name = _line(_("name"), required=True)
    decision = _line(_("founding decision"), max_length=120)
    decided_on = DayField(label=_("decision date"), required=False, widget=DATE)
    valid_from = DayField(label=_("valid from"), widget=DATE)
    valid_to = DayField(label=_("valid to"), required=False, widget=DATE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class MemberForm(forms.Form):
    full_name = _line(_("full name"), required=True, max_length=120)
    position = _line(_("position held"), required=True)
    role = _choice(_("role on the board"), MemberRole.choices)
    represents = IdChoiceField(
        label=_("unit represented"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=EMPTY,
        widget=UnfoldAdminSelectWidget,
    )
    user = IdChoiceField(
        label=_("user"),
        queryset=User.objects.none(),
        required=False,
        empty_label=EMPTY,
        widget=UnfoldAdminSelectWidget,
        help_text=_("The member's own sign-in, to see the board and report on tasks."),
    )
    term_from = DayField(label=_("term from"), widget=DATE)
    term_to = DayField(label=_("term to"), required=False, widget=DATE)

    def __init__(self, *args, board, users, **kwargs):
        super().__init__(*args, **kwargs)
        units = AdminUnit.objects.filter(level=Level.WARD)
        if board.unit_id:
            units = units.filter(parent_id=board.unit_id) | units.filter(
                parent__parent_id=board.unit_id
            )
        self.fields["represents"].queryset = units.order_by("name", "valid_from")
        self.fields["user"].queryset = users

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class LeaveForm(forms.Form):
    left_on = DayField(label=_("left on"), widget=DATE)
    reason = _line(_("reason for leaving"), required=True, max_length=255)


class DayChoiceForm(forms.Form):
    """The day of the meeting to record, read from the address: the attendance lists the
    members in office that day."""

    held_on = DayField(label=_("held on"), required=False)


class MeetingForm(forms.Form):
    """The meeting, the attendance of each member in office that day (ticked: present; not
    ticked: the reason), up to three resolutions and three tasks."""

    held_on = DayField(label=_("held on"), widget=DATE)
    kind = _choice(_("kind"), MeetingKind.choices)
    place = _line(_("place"))
    agenda = _text(_("agenda"), required=True)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.fields["present"] = forms.TypedMultipleChoiceField(
            label=_("present"),
            choices=[(str(m.pk), f"{m.full_name} – {m.position}") for m in self.members],
            coerce=int,
            required=False,
            widget=UnfoldAdminCheckboxSelectMultipleWidget,
        )
        for m in self.members:
            self.fields[f"absent_{m.pk}"] = _line(
                _("reason %(name)s was absent") % {"name": m.full_name}, max_length=255
            )
        for i in range(1, RESOLUTION_ROWS + 1):
            self.fields[f"resolution_{i}_number"] = _line(
                _("resolution %(i)s: number") % {"i": i}, max_length=40
            )
            self.fields[f"resolution_{i}_text"] = _text(
                _("resolution %(i)s: text") % {"i": i}, rows=2
            )
        member_choices = [(str(m.pk), m.full_name) for m in self.members]
        for i in range(1, TASK_ROWS + 1):
            self.fields[f"task_{i}_description"] = _text(_("task %(i)s") % {"i": i}, rows=2)
            self.fields[f"task_{i}_member"] = _choice(
                _("task %(i)s: member") % {"i": i}, member_choices, required=False
            )
            self.fields[f"task_{i}_body"] = _line(_("task %(i)s: or body") % {"i": i})
            self.fields[f"task_{i}_due_on"] = DayField(
                label=_("task %(i)s: due on") % {"i": i}, required=False, widget=DATE
            )
            self.fields[f"task_{i}_resolution"] = _line(
                _("task %(i)s: resolution number") % {"i": i}, max_length=40
            )

    def attendance_fields(self):
        return [self[f"absent_{m.pk}"] for m in self.members]

    def row_fields(self, prefix: str, count: int):
        return [
            [self[name] for name in self.fields if name.startswith(f"{prefix}_{i}_")]
            for i in range(1, count + 1)
        ]

    def resolution_rows(self):
        return self.row_fields("resolution", RESOLUTION_ROWS)

    def task_rows(self):
        return self.row_fields("task", TASK_ROWS)

    def service_arguments(self, board_members: dict) -> dict:
        data = self.cleaned_data
        present = set(data.get("present") or [])
        tasks = []
        for i in range(1, TASK_ROWS + 1):
            description = data.get(f"task_{i}_description", "")
            member_id = data.get(f"task_{i}_member")
            body, due = data.get(f"task_{i}_body", ""), data.get(f"task_{i}_due_on")
            if not (description or member_id or body or due):
                continue
            tasks.append(
                TaskDraft(
                    description=description,
                    due_on=due,
                    member=board_members.get(int(member_id)) if member_id else None,
                    body=body,
                    resolution_number=data.get(f"task_{i}_resolution", ""),
                )
            )
        return {
            "held_on": data["held_on"],
            "kind": data["kind"],
            "place": data.get("place", ""),
            "agenda": data["agenda"],
            "attendance": {
                m.pk: None if m.pk in present else data.get(f"absent_{m.pk}", "")
                for m in self.members
            },
            "resolutions": [
                (data.get(f"resolution_{i}_number", ""), data.get(f"resolution_{i}_text", ""))
                for i in range(1, RESOLUTION_ROWS + 1)
                if data.get(f"resolution_{i}_number") or data.get(f"resolution_{i}_text")
            ],
            "tasks": tasks,
        }


class TaskForm(forms.Form):
    description = _text(_("task"), required=True)
    member = IdChoiceField(
        label=_("assigned to (member)"),
        queryset=None,
        required=False,
        empty_label=EMPTY,
        widget=UnfoldAdminSelectWidget,
    )
    body = _line(_("assigned to (body)"))
    due_on = DayField(label=_("due on"), widget=DATE)
    resolution = IdChoiceField(
        label=_("resolution"),
        queryset=None,
        required=False,
        empty_label=EMPTY,
        widget=UnfoldAdminSelectWidget,
    )

    def __init__(self, *args, meeting, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["resolution"].queryset = meeting.resolutions.all()


class ProgressForm(forms.Form):
    noted_on = DayField(label=_("day"), widget=DATE)
    note = _text(_("progress"), required=True)
    done = forms.BooleanField(label=_("the task is done"), required=False)
