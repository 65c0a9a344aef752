"""The books' checks of the loans (registered with `ledger.checks`): today, each loan class
of each account equals the loans' balances in that class and each loan's own lines equal its
outstanding; at a past date, the loan accounts together equal the loans' own transactions."""

from django.db.models import Sum
from django.utils.translation import gettext as _

from policycredit.domain import posting as p
from policycredit.domain.money import format_vnd
from policycredit.ledger.checks import book_classes, compare
from policycredit.loans.models import IN_TERM, Loan, LoanTransaction
from policycredit.loans.models import TransactionKind as K


def check_loans(report, lines, codes, current: bool) -> None:
    if current:
        _loan_classes_equal_loans(report, lines, codes)
        _each_loan(report, lines)
    else:
        _loan_totals_equal_transactions(report, lines, codes)


def _loan_classes_equal_loans(report, lines, codes):
    rows = Loan.objects.values("office_id", "source_id", "programme_id").annotate(
        in_term=Sum(IN_TERM),
        overdue=Sum("principal_overdue"),
        frozen=Sum("principal_frozen"),
    )
    truth = {}
    for r in rows:
        for kind, name in zip(p.LOAN_CLASSES, ("in_term", "overdue", "frozen"), strict=True):
            if r[name]:
                truth[(r["office_id"], kind, r["source_id"], r["programme_id"])] = r[name]
    books = {k: v for k, v in book_classes(lines).items() if v}
    compare(report, books, truth, codes, _("the loans' balance"))
    report.facts.append(
        _("Loans: %(total)s outstanding in the loan accounts.")
        % {"total": format_vnd(sum(books.values()))}
    )


def _each_loan(report, lines):
    """Per loan, the principal its own lines put in the loan accounts equals its outstanding:
    names the loan if one drifts. (Classes are compared per account above: the close of day
    moves principal to overdue in aggregate entries that name no loan.)"""
    books = dict(
        lines.filter(account__kind__in=p.LOAN_CLASSES, loan_id__isnull=False)
        .values_list("loan_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    drifted = [
        number
        for loan_id, number, outstanding in Loan.objects.values_list(
            "pk", "number", "principal_outstanding"
        )
        if books.get(loan_id, 0) != outstanding
    ]
    if drifted:
        report.differences.append(
            _("The postings of %(count)d loans differ from their balances: %(loans)s.")
            % {"count": len(drifted), "loans": ", ".join(drifted[:20])}
        )


def _loan_totals_equal_transactions(report, lines, codes):
    """At a past date: principal in the loan accounts = disbursed − repaid − written off, from
    the loans' own transactions (classes moved with the state, so only totals are compared)."""
    sign = {K.DISBURSEMENT: 1, K.REPAYMENT: -1, K.WRITE_OFF: -1}
    truth: dict[tuple, int] = {}
    rows = (
        LoanTransaction.objects.filter(value_date__lte=report.as_of)
        .values_list(
            "office_id", "loan__source_id", "loan__programme_id", "kind", "details", "principal"
        )
        .exclude(principal=0)
    )
    for office, source, programme, kind, details, principal in rows:
        if kind == K.REVERSAL:
            factor = -sign.get((details or {}).get("kind"), 0)
        else:
            factor = sign.get(kind, 0)
        key = (office, "loans", source, programme)
        truth[key] = truth.get(key, 0) + factor * principal
    books: dict[tuple, int] = {}
    for (office, _kind, source, programme), total in book_classes(lines).items():
        key = (office, "loans", source, programme)
        books[key] = books.get(key, 0) + total
    books = {k: v for k, v in books.items() if v}
    truth = {k: v for k, v in truth.items() if v}
    compare(report, books, truth, codes, _("the loans' principal from their transactions"))
