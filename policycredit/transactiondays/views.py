"""The transaction day on screen: open a day, take a group's entries with the keyboard, pay out
loans and fees, count the cash, submit, sign off, print receipts.

Views read through the selectors (another office's day is a 404) and write through the
services; a service's refusal is shown on the page (or as JSON to the entry screen's script).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from policycredit.accounts.roles import can_act, require_action
from policycredit.borrowers.selectors import households_for
from policycredit.calendar.selectors import transaction_date_of
from policycredit.capital.selectors import sources_for
from policycredit.common import query as address
from policycredit.common.forms import errors_to_form, is_id
from policycredit.common.pages import SignedInView, page
from policycredit.common.pdf import pdf_response
from policycredit.common.selectors import business_date
from policycredit.domain.money import parse_vnd
from policycredit.fees.models import Payout
from policycredit.fees.selectors import commission_statements_for, fee_statements_for
from policycredit.geo.selectors import transaction_points_for
from policycredit.loans.models import ApplicationStatus
from policycredit.loans.selectors import applications_for
from policycredit.network.selectors import groups_for
from policycredit.transactiondays import forms, prefill, selectors, services
from policycredit.transactiondays.models import DENOMINATIONS, DayStatus, EntryKind


class _DayView(SignedInView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_action(request.user, "day.view")
        return super().dispatch(request, *args, **kwargs)

    def day(self, request, pk):
        return get_object_or_404(selectors.days_for(request.user), pk=pk)


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


def _fields(error: ValidationError) -> list[str]:
    """The form fields a refusal names, in the order of the form (the first gets the cursor)."""
    return [f for f in getattr(error, "error_dict", {}) if f != "__all__"]


class DayListView(_DayView):
    def get(self, request):
        return self._render(request, self._form(request, None))

    def post(self, request):
        require_action(request.user, "day.enter")
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                day = services.open_day(
                    actor=request.user,
                    point=form.cleaned_data["point"],
                    on=form.cleaned_data["on"],
                    cash_brought=form.cleaned_data["cash_brought"],
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                return redirect("transactiondays:day", day.pk)
        return self._render(request, form)

    def _form(self, request, data):
        return forms.OpenDayForm(
            data,
            points=transaction_points_for(request.user),
            initial={"on": business_date(), "cash_brought": 0},
        )

    def _render(self, request, form):
        return page(
            request,
            "transactiondays/days.html",
            {
                "days": selectors.days_for(request.user)[:60],
                "form": form,
                "can_open": can_act(request.user, "day.enter"),
            },
            title=_("Transaction days"),
        )


class DayView(_DayView):
    def get(self, request, pk):
        return self._render(request, self.day(request, pk))

    def post(self, request, pk):
        day = self.day(request, pk)
        action = request.POST.get("action")
        handlers = {
            "cash": ("day.enter", self._cash),
            "submit": ("day.enter", self._submit),
            "disburse": ("day.enter", self._disburse),
            "payout": ("day.enter", self._payout),
            "no_collection": ("day.enter", self._no_collection),
            "cancel_no_collection": ("day.enter", self._cancel_no_collection),
            "send_back": ("day.sign_off", self._send_back),
        }
        if action == "sign_off":  # posting happens only from the page that shows what it posts
            return redirect("transactiondays:sign_off", day.pk)
        if action not in handlers:
            return redirect("transactiondays:day", day.pk)
        permission, handler = handlers[action]
        require_action(request.user, permission)
        try:
            result = handler(request, day)
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
            return self._render(request, day, status=400)
        if result is not None:
            return result
        return redirect("transactiondays:day", day.pk)

    def _cash(self, request, day):
        form = forms.CashCountForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Enter each count as a whole number of notes."))
        services.record_cash_count(
            actor=request.user, day=day, counts=form.counts(), note=form.cleaned_data["note"]
        )
        messages.success(request, _("Cash count recorded."))

    def _submit(self, request, day):
        services.submit(actor=request.user, day=day)
        messages.success(request, _("The day is submitted: the controller signs it off."))

    def _disburse(self, request, day):
        form = self._disbursement_form(request, day, request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose the approved application and the capital source."))
        services.save_disbursement(actor=request.user, day=day, **form.cleaned_data)
        messages.success(request, _("Disbursement entered."))

    def _payout(self, request, day):
        kind, _sep, pk = request.POST.get("statement", "").partition("-")
        statements = {
            "f": fee_statements_for(request.user),
            "k": commission_statements_for(request.user),
        }
        if kind not in statements or not is_id(pk):
            raise ValidationError(_("Choose a statement to pay."))
        statement = get_object_or_404(statements[kind], pk=int(pk))
        services.save_payout(actor=request.user, day=day, statement=statement)
        messages.success(request, _("Payout entered."))

    def _group(self, request, day):
        group_id = request.POST.get("group", "")
        if not is_id(group_id):
            raise ValidationError(_("Choose the group."), code="no_group")
        return get_object_or_404(
            groups_for(request.user), pk=int(group_id), transaction_point=day.point
        )

    def _no_collection(self, request, day):
        group = self._group(request, day)
        services.record_no_collection(
            actor=request.user, day=day, group=group, reason=request.POST.get("reason", "")
        )
        messages.success(
            request, _("Recorded: no collection from %(group)s today.") % {"group": group}
        )

    def _cancel_no_collection(self, request, day):
        services.cancel_no_collection(actor=request.user, day=day, group=self._group(request, day))

    def _send_back(self, request, day):
        form = forms.ReasonForm(request.POST)
        services.send_back(actor=request.user, day=day, reason=form.data.get("reason", ""))
        messages.success(request, _("The day is sent back to the teller."))

    def _disbursement_form(self, request, day, data=None):
        applications = applications_for(request.user).filter(
            status=ApplicationStatus.APPROVED, group__transaction_point=day.point
        )
        return forms.DisbursementForm(
            data, applications=applications, sources=sources_for(request.user)
        )

    def _render(self, request, day, status=200):
        sheets = selectors.point_sheets(request.user, day.point, day.date)
        entries = list(selectors.entries_of(day))
        entered = {}
        for e in entries:
            if e.group_id:
                entered.setdefault(e.group_id, 0)
                entered[e.group_id] += e.cash_in - e.cash_out
        notes = selectors.no_collections_of(day)
        missing = {g.pk for g in selectors.groups_not_entered(day)}
        for sheet in sheets:
            sheet.entered = entered.get(sheet.group.pk)
            sheet.no_collection = notes.get(sheet.group.pk)
            sheet.missing = sheet.group.pk in missing
        open_day = day.status == DayStatus.OPEN
        can_enter = open_day and can_act(request.user, "day.enter")
        cash_form = forms.CashCountForm(
            initial={
                "note": day.note,
                **{f"n{d}": day.cash_count.get(str(d)) for d in DENOMINATIONS},
            }
        )
        response = page(
            request,
            "transactiondays/day.html",
            {
                "day": day,
                "calendar_date": transaction_date_of(day.point, day.date.year, day.date.month),
                "sheets": sheets,
                "entered": entered,
                "totals": selectors.day_totals(day),
                "expected": selectors.expected_cash(day),
                "entries": entries,
                "disbursements": [e for e in entries if e.kind == EntryKind.DISBURSEMENT],
                "payouts": [
                    e
                    for e in entries
                    if e.kind in (EntryKind.FEE_PAYOUT, EntryKind.COMMISSION_PAYOUT)
                ],
                "households": _households_served(entries),
                "cash_form": cash_form,
                "disbursement_form": self._disbursement_form(request, day) if can_enter else None,
                "statements": _unpaid_statements(request.user, day) if can_enter else [],
                "can_enter": can_enter,
                "can_notice": can_act(request.user, "notices.view"),
                "missing": len(missing),
                "can_sign_off": day.status == DayStatus.SUBMITTED
                and can_act(request.user, "day.sign_off"),
            },
            title=str(day),
        )
        response.status_code = status
        return response


def _households_served(entries):
    seen = {}
    for e in entries:
        household = (
            e.loan.household if e.loan_id else e.membership.household if e.membership_id else None
        )
        if e.application_id:
            household = e.application.household
        if household is not None:
            seen[household.pk] = household
    return sorted(seen.values(), key=lambda h: h.code)


def _unpaid_statements(user, day):
    paid_fees = Payout.objects.filter(fee_statement__isnull=False).values("fee_statement_id")
    paid_commissions = Payout.objects.filter(commission_statement__isnull=False).values(
        "commission_statement_id"
    )
    groups = groups_for(user).filter(transaction_point=day.point)
    fees = (
        fee_statements_for(user)
        .filter(fee__gt=0, organisation__in=groups.values("organisation"))
        .exclude(pk__in=paid_fees)
    )
    commissions = (
        commission_statements_for(user)
        .filter(commission__gt=0, group__in=groups)
        .exclude(pk__in=paid_commissions)
    )
    return [(f"f-{s.pk}", s) for s in fees] + [(f"k-{s.pk}", s) for s in commissions]


class GroupEntryView(_DayView):
    """The keyboard-first entry screen for one group."""

    def get(self, request, pk, group_id):
        day = self.day(request, pk)
        group = get_object_or_404(groups_for(request.user), pk=group_id)
        return self._render(request, day, group)

    def post(self, request, pk, group_id):
        day = self.day(request, pk)
        group = get_object_or_404(groups_for(request.user), pk=group_id)
        require_action(request.user, "day.enter")
        wants_json = request.headers.get("X-Requested-With") == "fetch"
        try:
            rows = _rows_from(request.POST)
            warnings = services.save_group(actor=request.user, day=day, group=group, rows=rows)
        except ValidationError as error:
            if wants_json:
                return JsonResponse(
                    {
                        "ok": False,
                        "errors": _errors(error),
                        "fields": _fields(error),
                        "by_field": {
                            f: [m for e in error.error_dict[f] for m in e.messages]
                            for f in _fields(error)
                        },
                    },
                    status=400,
                )
            for message in _errors(error):
                messages.error(request, message)
            return self._render(request, day, group, data=request.POST, status=400)
        if wants_json:
            # What is saved now is what this form has seen: its next save builds on it.
            return JsonResponse({"ok": True, "warnings": warnings, "seen": _seen_after(rows)})
        for warning in warnings:
            messages.warning(request, warning)
        messages.success(request, _("The group's entries are saved."))
        return redirect("transactiondays:group", day.pk, group.pk)

    def _render(self, request, day, group, data=None, status=200):
        sheet = selectors.group_sheet(request.user, group, day.date)
        saved = {e.key: e for e in selectors.entries_of(day, group)}
        # Nothing saved yet: the form starts from the leader's synced 13/TD statement.
        start = prefill.from_statement(sheet) if not saved else prefill.Prefill()
        for member in sheet.members:
            member.deposit = saved.get(f"d{day.pk}-s{member.membership.pk}")
            member.withdrawal = saved.get(f"d{day.pk}-w{member.membership.pk}")
            member.statement = start.lines.get(member.membership.pk)
            member.start_deposit = start.deposits.get(member.membership.pk, member.savings_due)
            for line in member.loans:
                line.entry = saved.get(f"d{day.pk}-c{line.loan.pk}")
                line.start_interest = start.interest.get(line.loan.pk, line.interest_due)
        response = page(
            request,
            "transactiondays/group.html",
            {
                "day": day,
                "group": group,
                "sheet": sheet,
                "has_entries": bool(saved),
                "statement": start,
                "conflicts": selectors.open_conflicts_of(group),
                "can_enter": day.status == DayStatus.OPEN and can_act(request.user, "day.enter"),
            },
            title=f"{group} – {day.date:%d/%m/%Y}",
        )
        response.status_code = status
        return response


def _amount(text: str) -> int:
    text = (text or "").strip()
    if not text:
        return 0
    try:
        return parse_vnd(text)
    except ValueError as error:
        raise ValidationError(_("“%(text)s” is not an amount of đồng.") % {"text": text}) from error


def _seen(post, first: str, second: str) -> tuple[int, int] | None:
    """The saved figures the form was opened with (hidden fields seen-p-<loan>, …), or None
    from a client that sends none."""
    if first not in post and second not in post:
        return None
    try:
        return int(post.get(first) or 0), int(post.get(second) or 0)
    except ValueError as error:
        raise ValidationError(
            _("The form was damaged in transit: open the group again."), code="bad_form"
        ) from error


def _seen_after(rows: list[services.Collected]) -> dict[str, int]:
    seen = {}
    for row in rows:
        if row.loan_id is not None:
            seen[f"seen-p-{row.loan_id}"] = row.principal
            seen[f"seen-i-{row.loan_id}"] = row.interest
        if row.membership_id is not None:
            seen[f"seen-s-{row.membership_id}"] = row.deposit
            seen[f"seen-w-{row.membership_id}"] = row.withdrawal
    return seen


def _rows_from(post) -> list[services.Collected]:
    """Form fields p-<loan>, i-<loan> (principal, interest) and s-<member>, w-<member>
    (deposit, withdrawal), typed with or without thousands dots; with each, the saved
    figures the form was opened with (seen-p-<loan>, …: see `services.Collected.seen`)."""
    loans, members = set(), set()
    for name in post:
        tag, _sep, pk = name.partition("-")
        if is_id(pk):  # "²".isdigit() is True and int() refuses it
            if tag in ("p", "i"):
                loans.add(int(pk))
            elif tag in ("s", "w"):
                members.add(int(pk))
    wrong: dict[str, list[str]] = {}

    def amount(name):
        try:
            return _amount(post.get(name))
        except ValidationError as error:
            wrong[name] = error.messages
            return 0

    rows = [
        services.Collected(
            loan_id=pk,
            principal=amount(f"p-{pk}"),
            interest=amount(f"i-{pk}"),
            seen=_seen(post, f"seen-p-{pk}", f"seen-i-{pk}"),
        )
        for pk in sorted(loans)
    ]
    rows += [
        services.Collected(
            membership_id=pk,
            deposit=amount(f"s-{pk}"),
            withdrawal=amount(f"w-{pk}"),
            seen=_seen(post, f"seen-s-{pk}", f"seen-w-{pk}"),
        )
        for pk in sorted(members)
    ]
    if wrong:  # every amount that is not one, named, each at its own field
        raise ValidationError(wrong)
    return rows


class SignOffView(_DayView):
    """The controller's confirmation: what "approve and post" will post, per kind and per
    group, with the number of receipts; posting happens only from here, with the fingerprint
    of what was shown."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_action(request.user, "day.sign_off")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        day = self.day(request, pk)
        if day.status != DayStatus.SUBMITTED:
            return redirect("transactiondays:day", day.pk)
        return self._render(request, day)

    def post(self, request, pk):
        day = self.day(request, pk)
        try:
            services.sign_off(actor=request.user, day=day, seen=request.POST.get("seen", ""))
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
            if day.status != DayStatus.SUBMITTED:
                return redirect("transactiondays:day", day.pk)
            return self._render(request, day, status=400)
        messages.success(request, _("The day is signed off and posted."))
        return redirect("transactiondays:day", day.pk)

    def _render(self, request, day, status=200):
        response = page(
            request,
            "transactiondays/sign_off.html",
            {
                "day": day,
                "summary": selectors.posting_summary(day),
                "missing": selectors.groups_not_entered(day),
            },
            title=_("Approve and post – %(day)s") % {"day": day},
        )
        response.status_code = status
        return response


class ReceiptView(_DayView):
    """Biên lai: what one household paid in or received on the day."""

    def get(self, request, pk, household_id):
        day = self.day(request, pk)
        household = get_object_or_404(households_for(request.user), pk=household_id)
        lines = selectors.receipt_lines(day, household)
        total_in = sum(e.cash_in for e in lines)
        total_out = sum(e.cash_out for e in lines)
        context = {
            "day": day,
            "household": household,
            "lines": lines,
            "total_in": total_in,
            "total_out": total_out,
            "posted": day.status == DayStatus.POSTED,
        }
        title = _("Receipt – %(household)s") % {"household": household}
        if address.file_format(request, "pdf"):
            return pdf_response(
                request,
                "transactiondays/receipt_print.html",
                {**context, "title": title},
                f"bien-lai-{household.code}-{day.date:%Y%m%d}",
            )
        return page(request, "transactiondays/receipt.html", context, title=title)
