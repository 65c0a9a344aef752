"""The books' check of the capital (registered with `ledger.checks`): capital payable to each
source at each office equals what its entrustment decisions entrusted."""

from django.db.models import Sum
from django.utils.translation import gettext as _

from policycredit.capital.models import EntrustmentDecision
from policycredit.capital.selectors import capital_movements
from policycredit.domain import posting as p
from policycredit.domain.money import format_vnd
from policycredit.ledger.checks import compare


def check_capital(report, lines, codes, current: bool) -> None:
    _capital_equals_decisions(report, lines, codes)


def _capital_equals_decisions(report, lines, codes):
    truth = {
        (r["office_id"], p.CAPITAL_PAYABLE, r["source_id"], None): -r["total"]
        for r in EntrustmentDecision.objects.filter(date__lte=report.as_of)
        .values("office_id", "source_id")
        .annotate(total=Sum("amount"))
    }
    # Recalls and hand-overs, kept by the apps above (capital_movements).
    for (office_id, source_id), amount in capital_movements(report.as_of).items():
        key = (office_id, p.CAPITAL_PAYABLE, source_id, None)
        truth[key] = truth.get(key, 0) - amount
        if not truth[key]:
            del truth[key]
    books = {
        (r["office_id"], p.CAPITAL_PAYABLE, r["account__source_id"], None): r["total"]
        for r in lines.filter(account__kind=p.CAPITAL_PAYABLE)
        .values("office_id", "account__source_id")
        .annotate(total=Sum("amount"))
        if r["total"]
    }
    compare(report, books, truth, codes, _("what the entrustment decisions entrusted"))
    report.facts.append(
        _("Capital payable to the sources: %(total)s.")
        % {"total": format_vnd(-sum(books.values()))}
    )
