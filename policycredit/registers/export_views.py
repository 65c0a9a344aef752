"""The export page: the loan register (HSTD) as of a date and the monthly telegram (Điện báo),
downloaded as the bank's Excel layouts. Accountants and directors (``register.export``); every
read is scoped to the user's offices by ``export_selectors``."""

import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _

from policycredit.accounts.roles import require_action
from policycredit.common import excel
from policycredit.common.pages import SignedInView, page
from policycredit.common.selectors import business_date
from policycredit.registers import export_selectors as reads
from policycredit.registers import telegram
from policycredit.registers.export_forms import HstdForm, TelegramForm, previous_month
from policycredit.registers.export_services import record_register_export
from policycredit.registers.exports import write_hstd


class _ExportView(SignedInView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_action(request.user, "register.export")
        return super().dispatch(request, *args, **kwargs)


def _index(request, hstd_form=None, telegram_form=None, status=200):
    offices = reads.offices_for_export(request.user)
    today = business_date()
    reply = page(
        request,
        "registers/export_index.html",
        {
            "hstd_form": hstd_form or HstdForm(offices=offices, initial={"as_of": today}),
            "telegram_form": telegram_form
            or TelegramForm(offices=offices, initial={"month": f"{previous_month(today):%Y-%m}"}),
            "offices": offices,
            "today": today,
        },
        title=_("Exports for the bank"),
    )
    reply.status_code = status
    return reply


class ExportIndexView(_ExportView):
    def get(self, request):
        return _index(request)


def _offices(request, form):
    offices = reads.offices_for_export(request.user)
    chosen = form.cleaned_data.get("office")
    return offices.filter(pk=chosen.pk) if chosen else offices


class ExportHstdView(_ExportView):
    """The register as an .xlsx file, written to a temporary file and streamed from there."""

    def get(self, request):
        today = business_date()
        form = HstdForm(request.GET, offices=reads.offices_for_export(request.user))
        if not form.is_valid():
            return _index(request, hstd_form=form, status=400)
        as_of = form.cleaned_data["as_of"] or today
        if as_of > today:
            form.add_error("as_of", _("The date is after the business date."))
            return _index(request, hstd_form=form, status=400)
        offices = _offices(request, form)
        target = tempfile.TemporaryFile(suffix=".xlsx")
        totals = write_hstd(target, reads.loans_on(offices, as_of), as_of)
        record_register_export(
            actor=request.user,
            offices=offices.filter(code__in=list(totals.by_office)),
            as_of=as_of,
            rows_by_office={k: v["loans"] for k, v in totals.by_office.items()},
        )
        target.seek(0)
        code = offices.get().code if offices.count() == 1 else "tat-ca"
        return FileResponse(
            target,
            as_attachment=True,
            filename=f"hstd-{code}-{as_of:%Y%m%d}.xlsx",
            content_type=excel.XLSX,
        )


class ExportTelegramView(_ExportView):
    def get(self, request):
        today = business_date()
        form = TelegramForm(request.GET, offices=reads.offices_for_export(request.user))
        if not form.is_valid():
            return _index(request, telegram_form=form, status=400)
        month = form.cleaned_data["month"] or previous_month(today)
        try:
            _first, end = telegram.period(month, today)
        except telegram.MonthNotOver:
            form.add_error("month", _("That month has not begun yet."))
            return _index(request, telegram_form=form, status=400)
        rows = telegram.telegram(_offices(request, form), month, today)
        return excel.response(telegram.workbook(rows, month, end), f"dien-bao-{month:%Y-%m}.xlsx")
