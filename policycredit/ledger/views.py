"""The books on screen: trial balance, an account's statement, capital by source and year;
each also as an Excel file. Reads go through the ledger's selectors, scoped to the user's
offices; only roles that keep or oversee the books may open them."""

import datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from policycredit.accounts.roles import require_action
from policycredit.common import excel
from policycredit.common import query as address
from policycredit.common.pages import SignedInView, page
from policycredit.common.selectors import business_date
from policycredit.domain.money import format_vnd
from policycredit.domain.review import BASE_YEAR
from policycredit.ledger import selectors
from policycredit.ledger.forms import AsOfForm, CapitalForm, PeriodForm


class _BooksView(SignedInView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_action(request.user, "ledger.view")
        return super().dispatch(request, *args, **kwargs)


def _xlsx(request) -> bool:
    return address.file_format(request, "xlsx") == "xlsx"


class TrialBalanceView(_BooksView):
    def get(self, request):
        as_of = business_date()
        form = AsOfForm(request.GET or None, initial={"as_of": as_of})
        if address.read(form).get("as_of"):
            as_of = form.cleaned_data["as_of"]
        rows = selectors.trial_balance(request.user, as_of)
        debit = sum(r["debit"] for r in rows)
        credit = sum(r["credit"] for r in rows)
        title = _("Trial balance as of %(day)s") % {"day": f"{as_of:%d/%m/%Y}"}
        if _xlsx(request):
            book = excel.workbook(
                title,
                [
                    _("account code"),
                    _("account name"),
                    _("debit turnover"),
                    _("credit turnover"),
                    _("debit balance"),
                    _("credit balance"),
                ],
                [
                    [
                        r["code"],
                        f"{r['name']} – {r['account']}",
                        r["debit"],
                        r["credit"],
                        max(r["balance"], 0),
                        max(-r["balance"], 0),
                    ]
                    for r in rows
                ],
                total=[
                    _("Total"),
                    "",
                    debit,
                    credit,
                    sum(max(r["balance"], 0) for r in rows),
                    sum(max(-r["balance"], 0) for r in rows),
                ],
                sheet_name=_("Trial balance"),
            )
            return excel.response(book, f"bang-can-doi-{as_of:%Y%m%d}.xlsx")
        return page(
            request,
            "ledger/trial_balance.html",
            {
                "form": form,
                "as_of": as_of,
                "rows": rows,
                "debit": debit,
                "credit": credit,
                "debit_balance": sum(max(r["balance"], 0) for r in rows),
                "credit_balance": sum(max(-r["balance"], 0) for r in rows),
            },
            title=title,
        )


class AccountView(_BooksView):
    def get(self, request, pk):
        account = get_object_or_404(selectors.accounts_for(request.user), pk=pk)
        end = business_date()
        start = datetime.date(end.year, 1, 1)
        form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
        if address.read(form):
            start = form.cleaned_data["start"] or start
            end = form.cleaned_data["end"] or end
        opening, lines, closing = selectors.account_statement(request.user, account, start, end)
        code = selectors.account_code(account)
        title = _("Statement of account %(code)s") % {"code": code}
        if _xlsx(request):
            book = excel.workbook(
                title,
                [_("date"), _("entry"), _("description"), _("debit"), _("credit"), _("balance")],
                [
                    [
                        x.value_date,
                        x.entry.pk,
                        x.entry.memo or x.entry.get_kind_display(),
                        max(x.amount, 0),
                        max(-x.amount, 0),
                        x.running,
                    ]
                    for x in lines
                ],
                notes=[
                    str(account),
                    _("From %(start)s to %(end)s; opening balance %(opening)s.")
                    % {
                        "start": f"{start:%d/%m/%Y}",
                        "end": f"{end:%d/%m/%Y}",
                        "opening": format_vnd(opening, unit=""),
                    },
                ],
                total=[
                    _("Closing balance"),
                    "",
                    "",
                    sum(max(x.amount, 0) for x in lines),
                    sum(max(-x.amount, 0) for x in lines),
                    closing,
                ],
                sheet_name=code,
            )
            return excel.response(book, f"so-chi-tiet-{code}-{end:%Y%m%d}.xlsx")
        return page(
            request,
            "ledger/account.html",
            {
                "form": form,
                "account": account,
                "code": code,
                "start": start,
                "end": end,
                "opening": opening,
                "lines": lines[-500:],
                "hidden": max(len(lines) - 500, 0),
                "closing": closing,
            },
            title=title,
        )


class CapitalView(_BooksView):
    """Capital that revolves: what a source entrusted, lent, got back and has left, by year."""

    def get(self, request):
        sources = selectors.capital_sources()
        as_of = business_date()
        source = sources.filter(level="district").first() or sources.first()
        form = CapitalForm(
            request.GET or None,
            sources=sources,
            initial={"as_of": as_of, "source": source, "base_year": BASE_YEAR},
        )
        base_year = None
        if address.read(form):
            source = form.cleaned_data["source"] or source
            as_of = form.cleaned_data["as_of"] or as_of
            base_year = form.cleaned_data["base_year"]
        if source is None:
            raise Http404
        years = selectors.capital_by_year(request.user, source, as_of)
        if base_year and base_year > as_of.year:
            raise address.bad(
                "base_year",
                base_year,
                _("the base year is after the year of the report date (%(day)s).")
                % {"day": f"{as_of:%d/%m/%Y}"},
            )
        base_year = base_year or BASE_YEAR
        # Years without a movement have no row: the base is the last row up to the base year.
        base = next((y for y in reversed(years) if y.year <= base_year), None)
        last = years[-1] if years else None
        growth = (last.entrusted_to_date - base.entrusted_to_date) if base and last else None
        times = (
            (Decimal(last.entrusted_to_date) / Decimal(base.entrusted_to_date)).quantize(
                Decimal("0.1")
            )
            if base and last and base.entrusted_to_date
            else None
        )
        title = _("Capital of %(source)s as of %(day)s") % {
            "source": source,
            "day": f"{as_of:%d/%m/%Y}",
        }
        if _xlsx(request):
            book = excel.workbook(
                title,
                [
                    _("year"),
                    _("entrusted in the year"),
                    _("entrusted to date"),
                    _("disbursed"),
                    _("repaid"),
                    _("written off"),
                    _("outstanding"),
                    _("available to lend"),
                ],
                [
                    [
                        y.year,
                        y.entrusted,
                        y.entrusted_to_date,
                        y.disbursed,
                        y.repaid,
                        y.written_off,
                        y.outstanding,
                        y.available,
                    ]
                    for y in years
                ],
                notes=[
                    _("Growth of entrusted capital since %(year)s: %(growth)s đồng.")
                    % {"year": base_year, "growth": format_vnd(growth or 0, unit="")}
                ],
                sheet_name=_("Capital"),
            )
            return excel.response(book, f"nguon-von-{source.code}-{as_of:%Y%m%d}.xlsx")
        return page(
            request,
            "ledger/capital.html",
            {
                "form": form,
                "source": source,
                "as_of": as_of,
                "years": years,
                "last": last,
                "base": base,
                "base_year": base_year,
                "growth": growth,
                "times": times,
            },
            title=title,
        )
