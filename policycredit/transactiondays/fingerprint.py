"""The figures a member's 13/TD line was recorded against, and their fingerprint ("basis").

The field app downloads each member's figures for the next transaction day with a basis and
sends the basis back with what the member handed over. The basis is the figures themselves,
compact and signed with the site's key (Django's signing: deterministic, so the same figures
always give the same basis, and tamper-proof): the server compares it with the member's
figures when the record arrives, and on a conflict can show what the app had ("then") beside
what holds now, without keeping a copy of every download.

The figures are the collection sheet's (`selectors.group_sheet`, the engine's replay): a loan's
outstanding, overdue, interest and principal due, the member's usual saving and savings
balance, on the day. A repayment at the counter or a savings movement since the download
changes them, and so the basis.
"""

import datetime

from django.core import signing

SALT = "policycredit.transactiondays.statement-basis"


def member_figures(member, day: datetime.date) -> dict:
    """A sheet member's figures on ``day``, as JSON (the "then" and "now" of a conflict)."""
    loans = sorted(member.loans, key=lambda x: x.loan.pk)
    return {
        "day": day.isoformat(),
        "outstanding": sum(x.outstanding for x in loans),
        "interest_due": sum(x.interest_due for x in loans),
        "principal_due": sum(x.principal_due for x in loans),
        "savings_due": member.savings_due,
        "savings_balance": member.savings_balance,
        "loans": [
            {
                "loan_id": x.loan.pk,
                "outstanding": x.outstanding,
                "overdue": x.overdue,
                "interest_due": x.interest_due,
                "principal_due": x.principal_due,
            }
            for x in loans
        ],
    }


_LOAN = ("loan_id", "outstanding", "overdue", "interest_due", "principal_due")


def basis_of(member, day: datetime.date) -> str:
    figures = member_figures(member, day)
    compact = {
        "d": figures["day"],
        "m": member.membership.pk,
        "l": [[x[k] for k in _LOAN] for x in figures["loans"]],
        "s": [figures["savings_due"], figures["savings_balance"]],
    }
    return signing.dumps(compact, salt=SALT, compress=True)


def figures_in(basis: str, membership_id: int) -> dict | None:
    """The figures a basis holds, or None for one that is not ours (damaged, another member's,
    or signed with a key since replaced)."""
    try:
        compact = signing.loads(basis or "", salt=SALT)
        if compact["m"] != membership_id:
            return None
        loans = [dict(zip(_LOAN, row, strict=True)) for row in compact["l"]]
        due, balance = compact["s"]
        return {
            "day": compact["d"],
            "outstanding": sum(x["outstanding"] for x in loans),
            "interest_due": sum(x["interest_due"] for x in loans),
            "principal_due": sum(x["principal_due"] for x in loans),
            "savings_due": due,
            "savings_balance": balance,
            "loans": loans,
        }
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unchanged(basis: str, member, day: datetime.date) -> bool:
    """Whether the member's figures on ``day`` are those the basis was made from."""
    return figures_in(basis, member.membership.pk) == member_figures(member, day)
