"""The year's transaction days on screen, on paper (A4 landscape) and in Excel, and the form
that moves one session.

Views are thin: reads go through the scoped selectors (a user sees the points of their area),
the move through the service, whose refusals are shown on the page.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font, PatternFill

from policycredit.accounts.roles import can_act, can_view, require_action
from policycredit.calendar import selectors, services
from policycredit.calendar.forms import MoveForm, YearForm
from policycredit.common import excel
from policycredit.common import query as address
from policycredit.common.forms import errors_to_form
from policycredit.common.pages import SignedInView, page
from policycredit.common.selectors import business_date
from policycredit.domain import calendar as rules

RULE_WORDS = {
    rules.KEEP: gettext_lazy("on the fixed date, even on weekends and holidays"),
    rules.NEXT_WORKING_DAY: gettext_lazy(
        "on the next working day when the fixed date is a weekend or holiday"
    ),
    rules.PREVIOUS_WORKING_DAY: gettext_lazy(
        "on the previous working day when the fixed date is a weekend or holiday"
    ),
}
MOVED_FILL = PatternFill("solid", fgColor="FFF2CC")


def _may_view(user) -> None:
    if not can_view(user, "calendar", "holiday"):
        raise PermissionDenied


def _rule_notes(year: int) -> list[str]:
    notes = []
    for start, value in selectors.shift_rules_in(year):
        notes.append(
            _("From %(day)s the session is held %(rule)s.")
            % {"day": f"{start:%d/%m/%Y}", "rule": RULE_WORDS.get(value, value)}
        )
    return notes


class ScheduleView(SignedInView):
    def get(self, request, move_form=None, year=None):
        _may_view(request.user)
        form = YearForm(request.GET or None)
        if year is None:
            year = business_date().year
            if address.read(form).get("year"):
                year = form.cleaned_data["year"]
        rows = selectors.sessions_for(request.user, year)
        title = _("Transaction days %(year)s") % {"year": year}
        if address.file_format(request, "xlsx"):
            return excel.response(_workbook(title, year, rows), f"lich-giao-dich-{year}.xlsx")
        can_move = can_act(request.user, "calendar.move")
        moved = [(point, cell) for point, cells in rows for cell in cells if cell.session.moved]
        return page(
            request,
            "calendar/schedule.html",
            {
                "year_form": form,
                "year": year,
                "months": [datetime.date(year, month, 1) for month in range(1, 13)],
                "rows": rows,
                "moved": moved,
                "rule_notes": _rule_notes(year),
                "holidays": selectors.holidays_for(request.user).filter(date__year=year),
                "can_move": can_move,
                "reach": rules.MOVE_REACH,
                "move_form": move_form or (MoveForm(user=request.user) if can_move else None),
            },
            title=title,
        )

    def post(self, request):
        _may_view(request.user)
        require_action(request.user, "calendar.move")
        form = MoveForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                move = services.move_day(actor=request.user, **data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("The transaction day of %(day)s at %(point)s moved to %(new)s.")
                    % {
                        "day": f"{data['original']:%d/%m/%Y}",
                        "point": move.point.name,
                        "new": f"{move.moved_to:%d/%m/%Y}",
                    },
                )
                return redirect(f"{reverse('calendar:schedule')}?year={move.original.year}")
        original = form.cleaned_data.get("original")
        return self.get(request, move_form=form, year=original.year if original else None)


def _workbook(title: str, year: int, rows):
    """Real dates in the month columns; moved sessions bold on yellow, shifted ones italic."""
    notes = [
        *_rule_notes(year),
        _(
            "Bold on yellow: moved by the office's decision. Italic: shifted off a weekend or "
            "holiday by the rule."
        ),
    ]
    book = excel.workbook(
        title,
        [
            _("code"),
            _("transaction point"),
            _("ward / commune"),
            _("day of the month"),
            *[f"{month:02d}/{year}" for month in range(1, 13)],
        ],
        [
            [point.code, point.name, point.ward.name, point.day_of_month, *[c.date for c in cells]]
            for point, cells in rows
        ],
        notes=notes,
        sheet_name=_("Transaction days"),
    )
    sheet = book.active
    first_row = len(notes) + 4  # title, notes, a blank row, the headers
    for offset, (_point, cells) in enumerate(rows):
        for month, cell in enumerate(cells):
            target = sheet.cell(row=first_row + offset, column=5 + month)
            if cell.session.moved:
                target.font = Font(bold=True)
                target.fill = MOVED_FILL
            elif cell.session.shifted:
                target.font = Font(italic=True)
    sheet.column_dimensions["B"].width = 40
    return book
