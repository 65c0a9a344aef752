"""Fees on screen: the months and their statements, computing a month, one statement to print,
save as PDF or Excel, and pay.

Views are thin: reads go through the scoped selectors (another area's statement is a 404),
writes through the services, whose refusals are shown on the page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from policycredit.accounts.roles import can_act, can_view, require_action
from policycredit.common import excel
from policycredit.common import query as address
from policycredit.common.forms import errors_to_form
from policycredit.common.pages import SignedInView, page
from policycredit.common.pdf import pdf_response
from policycredit.common.selectors import business_date
from policycredit.domain.money import format_vnd
from policycredit.fees import exports, selectors, services
from policycredit.fees.forms import ComputeForm, PayForm


def _may_view(user) -> None:
    if not can_view(user, "fees", "feestatement"):
        raise PermissionDenied


class FeesView(SignedInView):
    def get(self, request, compute_form=None):
        _may_view(request.user)
        months = selectors.months_for(request.user)
        month = address.month(request, "month") or (months[0] if months else None)
        fees = selectors.fee_statements_for(request.user).filter(month=month)
        commissions = selectors.commission_statements_for(request.user).filter(month=month)
        can_compute = can_act(request.user, "fees.compute")
        return page(
            request,
            "fees/index.html",
            {
                "months": months,
                "month": month,
                "fees": fees,
                "commissions": commissions,
                "fee_total": fees.aggregate(t=Sum("fee"))["t"] or 0,
                "commission_total": commissions.aggregate(t=Sum("commission"))["t"] or 0,
                "can_compute": can_compute,
                "compute_form": compute_form
                or (ComputeForm(user=request.user) if can_compute else None),
            },
            title=_("Entrustment fees and commissions"),
        )

    def post(self, request):
        _may_view(request.user)
        require_action(request.user, "fees.compute")
        form = ComputeForm(request.POST, user=request.user)
        if form.is_valid():
            month = form.cleaned_data["month"]
            try:
                done = services.compute_month(
                    actor=request.user, office=form.cleaned_data["office"], month=month
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Fees and commissions for %(month)s computed: %(fees)s in entrustment "
                        "fees, %(commissions)s in commissions."
                    )
                    % {
                        "month": f"{month:%m/%Y}",
                        "fees": format_vnd(done.fees),
                        "commissions": format_vnd(done.commissions),
                    },
                )
                return redirect(f"{reverse('fees:index')}?month={month:%Y-%m}")
        return self.get(request, compute_form=form)


class _StatementView(SignedInView):
    """One statement: the page, its printable form as PDF (``?format=pdf``) or Excel
    (``?format=xlsx``), and the payout."""

    document = ""  # the printable part, shared by the page and the PDF
    selector = None
    url_name = ""

    def amount(self, statement) -> int:
        raise NotImplementedError

    def workbook(self, statement):
        raise NotImplementedError

    def filename(self, statement) -> str:
        raise NotImplementedError

    def _statement(self, request, pk):
        _may_view(request.user)
        return get_object_or_404(type(self).selector(request.user), pk=pk)

    def get(self, request, pk, pay_form=None):
        statement = self._statement(request, pk)
        context = {
            "statement": statement,
            "document": self.document,
            "amount": self.amount(statement),
        }
        kind = address.file_format(request, "pdf", "xlsx")
        if kind == "pdf":
            return pdf_response(request, "fees/print.html", context, self.filename(statement))
        if kind == "xlsx":
            return excel.response(self.workbook(statement), f"{self.filename(statement)}.xlsx")
        payout = statement.payout_or_none
        can_pay = payout is None and context["amount"] > 0 and can_act(request.user, "fees.pay")
        return page(
            request,
            "fees/statement.html",
            {
                **context,
                "payout": payout,
                "can_pay": can_pay,
                "pay_form": pay_form or PayForm(initial={"on": business_date()}),
            },
            title=str(statement),
        )

    def post(self, request, pk):
        statement = self._statement(request, pk)
        require_action(request.user, "fees.pay")
        form = PayForm(request.POST)
        if form.is_valid():
            try:
                services.pay(actor=request.user, statement=statement, on=form.cleaned_data["on"])
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Statement paid."))
                return redirect(type(self).url_name, statement.pk)
        return self.get(request, pk, pay_form=form)


class FeeStatementView(_StatementView):
    document = "fees/_fee_document.html"
    selector = staticmethod(selectors.fee_statements_for)
    url_name = "fees:statement"

    def amount(self, statement):
        return statement.fee

    def workbook(self, statement):
        return exports.fee_workbook(statement)

    def filename(self, statement):
        return f"phi-uy-thac-{statement.month:%Y-%m}-{statement.organisation_id}"


class CommissionStatementView(_StatementView):
    document = "fees/_commission_document.html"
    selector = staticmethod(selectors.commission_statements_for)
    url_name = "fees:commission"

    def amount(self, statement):
        return statement.commission

    def workbook(self, statement):
        return exports.commission_workbook(statement)

    def filename(self, statement):
        return f"hoa-hong-{statement.month:%Y-%m}-{statement.group.code}"
