"""Members' savings on screen: the groups' totals, a group's members with their balances, the
counter's deposit and withdrawal, reversal, and the balances as an Excel file.

Views are thin: they read through selectors (scoped to the user, so another area's group is a
404) and write through services; a service's ValidationError is shown on the form.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from policycredit.accounts.models import Proposal
from policycredit.accounts.policy import Refused
from policycredit.accounts.roles import can_act, can_view, require_action
from policycredit.common import excel as web_excel
from policycredit.common import query as address
from policycredit.common.forms import errors_to_form
from policycredit.common.pages import SignedInView, page
from policycredit.common.selectors import business_date
from policycredit.network.selectors import groups_for, memberships_for
from policycredit.savings import excel, forms, selectors, services
from policycredit.savings.models import SavingsKind as K

ACTION_OF = {K.DEPOSIT: "savings.deposit", K.WITHDRAWAL: "savings.withdraw"}
SERVICE_OF = {K.DEPOSIT: services.deposit, K.WITHDRAWAL: services.withdraw}


class SavingsView(SignedInView):
    """Only the roles the access table lets see savings (ward officers, for one, do not)."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not can_view(user, "savings", "savingstransaction"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _can_move(user) -> bool:
    return any(can_act(user, action) for action in ACTION_OF.values())


def _as_of(request):
    form = forms.AsOfForm(request.GET or None)
    as_of = address.read(form).get("as_of") or business_date()
    return (form if form.is_bound else forms.AsOfForm(initial={"as_of": as_of})), as_of


class OverviewView(SavingsView):
    def get(self, request):
        form, as_of = _as_of(request)
        totals = selectors.group_totals(request.user, as_of)
        return page(
            request,
            "savings/overview.html",
            {
                "form": form,
                "as_of": as_of,
                "totals": totals,
                "sum": {
                    name: sum(getattr(t, name) for t in totals)
                    for name in ("members_with_savings", "balance", "deposits", "withdrawals")
                },
            },
            title=_("Members' savings"),
        )


class GroupView(SavingsView):
    def get(self, request, pk, movement_form=None):
        group = get_object_or_404(groups_for(request.user), pk=pk)
        form, as_of = _as_of(request)
        rows = list(selectors.balances_by_member(request.user, group, as_of))
        user = request.user
        transactions = (
            selectors.transactions_for(user)
            .filter(membership__group=group)
            .order_by("-value_date", "-id")
        )
        return page(
            request,
            "savings/group.html",
            {
                "group": group,
                "form": form,
                "as_of": as_of,
                "rows": rows,
                "total": sum(r.balance for r in rows),
                "transactions": transactions[:100],
                "reversed_ids": set(
                    transactions.exclude(reverses=None).values_list("reverses_id", flat=True)
                ),
                "can_move": _can_move(user),
                "movement_form": movement_form or self._form(request, group),
                "idempotency_key": uuid.uuid4().hex,
                "can_reverse": can_act(user, "savings.reverse"),
            },
            title=_("Members' savings – %(group)s") % {"group": group.name},
        )

    def post(self, request, pk):
        group = get_object_or_404(groups_for(request.user), pk=pk)
        if request.POST.get("action") == "reverse":
            return self._reverse(request, group)
        if not _can_move(request.user):
            raise PermissionDenied
        form = self._form(request, group, data=request.POST)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            require_action(request.user, ACTION_OF[kind])
            try:
                result = SERVICE_OF[kind](
                    actor=request.user,
                    membership=form.cleaned_data["membership"],
                    amount=form.cleaned_data["amount"],
                    on=form.cleaned_data["on"],
                    idempotency_key=request.POST.get("idempotency_key") or None,
                )
            except Refused as refusal:
                errors_to_form(form, refusal.as_validation_error())
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                _said(request, result, _("Savings recorded."))
                return redirect("savings:group", group.pk)
        return self.get(request, pk, movement_form=form)

    def _reverse(self, request, group):
        require_action(request.user, "savings.reverse")
        original = get_object_or_404(
            selectors.transactions_for(request.user).filter(membership__group=group),
            pk=request.POST.get("transaction"),
        )
        try:
            result = services.reverse(
                actor=request.user, transaction=original, reason=request.POST.get("reason", "")
            )
        except Refused as refusal:
            messages.error(request, refusal.message)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            _said(request, result, _("Transaction reversed."))
        return redirect("savings:group", group.pk)

    def _form(self, request, group, data=None):
        members = memberships_for(request.user).filter(group=group).order_by("household__code")
        initial = {"on": business_date(), "kind": K.DEPOSIT}
        return forms.MovementForm(data, memberships=members, initial=initial)


def _said(request, result, done: str) -> None:
    if isinstance(result, Proposal):
        messages.info(
            request,
            _("This needs a second person: it waits on the approvals page and moves no money yet."),
        )
    else:
        messages.success(request, done)


class GroupExcelView(SavingsView):
    def get(self, request, pk):
        group = get_object_or_404(groups_for(request.user), pk=pk)
        _form, as_of = _as_of(request)
        rows = selectors.balances_by_member(request.user, group, as_of)
        book = excel.group_balances(group, rows, as_of)
        return web_excel.response(book, f"tiet-kiem-{group.code}-{as_of:%Y%m%d}.xlsx")
