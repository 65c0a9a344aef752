"""The standard monthly reports, as of a date (the month is the date's month):
outstanding by programme × ward, the overdue list, disbursement and collection turnover,
capital use by source, and the fees and commissions of the month."""

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from policycredit.capital.models import CapitalSource
from policycredit.domain.review import month_ends_before, percent
from policycredit.fees.selectors import commission_statements_for, fee_statements_for
from policycredit.loans.models import Loan
from policycredit.programmes.models import Programme
from policycredit.reporting.directive40 import day_param, decisions_in, link, ward_names
from policycredit.reporting.portfolio import LiveBook, Portfolio
from policycredit.reporting.report import Report, Table, total_row
from policycredit.reporting.selection import selection_for


def _start(name, title, user, as_of, unit):
    selection = selection_for(user, unit, as_of)
    if unit is not None:
        title = f"{title} – {unit.name}"
    report = Report(name=name, title=title, as_of=as_of, notes=list(selection.mapping))
    return selection, report


def _ward_names(as_of):

    return ward_names(as_of)


def outstanding(user, as_of, from_year=None, unit=None) -> Report:
    selection, report = _start(
        "outstanding",
        _("Outstanding by programme and ward as of %(day)s") % {"day": day_param(as_of)},
        user,
        as_of,
        unit,
    )
    portfolio = Portfolio(selection, [as_of])
    cells = portfolio.stock(as_of, ("ward", "programme"))
    names = _ward_names(as_of)
    programmes = {p.pk: p for p in Programme.objects.all()}
    shown = sorted({p for _w, p in cells}, key=lambda p: programmes[p].code)
    grid = defaultdict(lambda: defaultdict(int))
    for (ward, programme), figures in cells.items():
        grid[names(ward)][programme] += figures["outstanding"]
    rows = [
        [ward, *[grid[ward].get(p, 0) for p in shown], sum(grid[ward].values())]
        for ward in sorted(grid)
    ]
    total = [_("Total"), *[sum(r[i] for r in rows) for i in range(1, len(shown) + 2)]]
    report.tables.append(
        Table(
            report.title,
            [_("ward"), *[programmes[p].name for p in shown], _("Total")],
            rows,
            total,
            key="outstanding",
        )
    )
    report.notes.append(_("Wards as in force on %(day)s.") % {"day": day_param(as_of)})
    return report


def overdue(user, as_of, from_year=None, unit=None) -> Report:
    selection, report = _start(
        "overdue",
        _("Overdue loans as of %(day)s") % {"day": day_param(as_of)},
        user,
        as_of,
        unit,
    )
    book = LiveBook(selection, [as_of])
    owing = {k: v for k, v in book.per_loan(as_of).items() if v["overdue"] > 0}
    loans = Loan.objects.filter(id__in=list(owing)).select_related(
        "borrower", "programme", "source", "group__transaction_point"
    )
    names = _ward_names(as_of)
    rows, links = [], []
    for loan in sorted(
        loans,
        key=lambda x: (names(x.group.transaction_point.ward_id if x.group else None), x.number),
    ):
        figures = owing[loan.pk]
        ward = loan.group.transaction_point.ward_id if loan.group else None
        rows.append(
            [
                loan.number,
                str(loan.borrower),
                str(loan.group) if loan.group else "",
                names(ward),
                loan.programme.name,
                loan.source.name,
                figures["outstanding"],
                figures["overdue"],
            ]
        )
        links.append(reverse("loans:loan", args=[loan.pk]))
    report.tables.append(
        Table(
            report.title,
            [
                _("contract number"),
                _("borrower"),
                _("group"),
                _("ward"),
                _("programme"),
                _("capital source"),
                _("outstanding"),
                _("overdue principal"),
            ],
            rows,
            total_row(_("Total"), rows, 8, (6, 7)),
            links,
            key="overdue",
        )
    )
    return report


def turnover(user, as_of, from_year=None, unit=None) -> Report:
    selection, report = _start(
        "turnover",
        _("Disbursement and collection turnover, %(month)s") % {"month": f"{as_of:%m/%Y}"},
        user,
        as_of,
        unit,
    )
    previous = month_ends_before(as_of.replace(day=1), 1)[0]
    same_year = previous.year == as_of.year
    portfolio = Portfolio(selection, [as_of, previous] if same_year else [as_of])
    to_date = portfolio.flows_by_year([as_of.year], as_of, ("programme", "source"))
    before = (
        portfolio.flows_by_year([as_of.year], previous, ("programme", "source"))
        if same_year
        else {}
    )
    programmes = {p.pk: p for p in Programme.objects.all()}
    sources = {s.pk: s for s in CapitalSource.objects.all()}
    rows = []
    for (_year, (programme, source)), f in sorted(
        to_date.items(), key=lambda kv: (programmes[kv[0][1][0]].code, sources[kv[0][1][1]].code)
    ):
        b = before.get((_year, (programme, source)), {})
        month = [f[k] - b.get(k, 0) for k in ("disbursed", "collected", "interest")]
        if not any(month) and not any(f[k] for k in ("disbursed", "collected", "interest")):
            continue
        rows.append(
            [
                programmes[programme].name,
                sources[source].name,
                *month,
                f["disbursed"],
                f["collected"],
                f["interest"],
            ]
        )
    report.tables.append(
        Table(
            report.title,
            [
                _("programme"),
                _("capital source"),
                _("disbursed in the month"),
                _("principal collected in the month"),
                _("interest collected in the month"),
                _("disbursed in the year to date"),
                _("principal collected in the year to date"),
                _("interest collected in the year to date"),
            ],
            rows,
            [_("Total"), "", *[sum(r[i] for r in rows) for i in range(2, 8)]],
            key="turnover",
        )
    )
    return report


def capital_use(user, as_of, from_year=None, unit=None) -> Report:
    selection, report = _start(
        "capital-use",
        _("Capital use by source as of %(day)s") % {"day": day_param(as_of)},
        user,
        as_of,
        unit,
    )
    entrusted = defaultdict(int)
    for source_id, amount in decisions_in(user, selection, as_of).values_list(
        "source_id", "amount"
    ):
        entrusted[source_id] += amount
    lent = {
        k: v["outstanding"] for k, v in Portfolio(selection, [as_of]).stock(as_of, "source").items()
    }
    sources = {s.pk: s for s in CapitalSource.objects.all()}
    rows, links = [], []
    for source_id in sorted(set(entrusted) | set(lent), key=lambda s: sources[s].code):
        given, used = entrusted.get(source_id, 0), lent.get(source_id, 0)
        rows.append(
            [
                sources[source_id].name,
                sources[source_id].get_level_display(),
                given,
                used,
                given - used,
                percent(used, given),
            ]
        )
        links.append(
            link("loans", source=source_id, as_of=day_param(as_of), unit=unit.pk if unit else None)
        )
    given, used = sum(r[2] for r in rows), sum(r[3] for r in rows)
    report.tables.append(
        Table(
            report.title,
            [
                _("capital source"),
                _("level"),
                _("entrusted to date"),
                _("outstanding"),
                _("not lent"),
                _("used (%)"),
            ],
            rows,
            [_("Total"), "", given, used, given - used, percent(used, given)],
            links,
            key="capital_use",
        )
    )
    report.notes.append(
        _("Not lent = entrusted to date less outstanding: repayments free room for new loans.")
    )
    return report


def fees(user, as_of, from_year=None, unit=None) -> Report:

    selection, report = _start(
        "fees",
        _("Entrustment fees and commissions, %(month)s") % {"month": f"{as_of:%m/%Y}"},
        user,
        as_of,
        unit,
    )
    month = as_of.replace(day=1)
    statements = fee_statements_for(user).filter(month=month)
    commissions = commission_statements_for(user).filter(month=month)
    if selection.office_ids is not None:
        statements = statements.filter(office_id__in=selection.office_ids)
        commissions = commissions.filter(office_id__in=selection.office_ids)
    if selection.ward_ids is not None:
        statements = statements.filter(organisation__unit_id__in=selection.ward_ids)
        commissions = commissions.filter(group__transaction_point__ward_id__in=selection.ward_ids)

    def paid(statement):
        payout = getattr(statement, "payout", None)
        return (payout.amount, payout.paid_on) if payout and payout.paid_on <= as_of else (0, "")

    rows = [
        [str(s.organisation), s.outstanding, s.overdue, s.fee, *paid(s)]
        for s in statements.order_by("organisation__name")
    ]
    report.tables.append(
        Table(
            _("Entrustment fees to mass organisations"),
            [
                _("organisation"),
                _("outstanding"),
                _("overdue principal"),
                _("entrustment fee"),
                _("paid"),
                _("paid on"),
            ],
            rows,
            total_row(_("Total"), rows, 6, range(1, 5)),
            key="fees",
        )
    )
    rows = [
        [str(c.group), c.interest_collected, c.savings_collected, c.commission, *paid(c)]
        for c in commissions.order_by("group__code")
    ]
    report.tables.append(
        Table(
            _("Commissions to group management boards"),
            [
                _("group"),
                _("interest collected"),
                _("savings collected"),
                _("commission"),
                _("paid"),
                _("paid on"),
            ],
            rows,
            total_row(_("Total"), rows, 6, range(1, 5)),
            key="commissions",
        )
    )
    return report


def month_end_default(day: datetime.date) -> datetime.date:
    return day
