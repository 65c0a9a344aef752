"""The records the sidebar's search box (Ctrl+K) finds besides the menu: households and loans,
through the same selectors as the lists' search boxes, so as scoped and as ranked.

A few of each: the box is for going to one record; the lists show all that match. A citizen
ID is not looked up here: that search is logged, and belongs to the lists that log it."""

from django.urls import reverse
from django.utils.translation import gettext as _
from unfold.dataclasses import SearchResult

from policycredit.accounts.roles import can_view
from policycredit.borrowers import selectors as borrowers
from policycredit.loans import selectors as loans

SHOWN = 8  # of each kind


def records(request, term: str) -> list[SearchResult]:
    user = request.user
    if not user.is_authenticated or borrowers.full_cccd(term) or not term.strip():
        return []
    found = []
    if can_view(user, "borrowers", "household"):
        for household in borrowers.search_households(user, term)[:SHOWN]:
            found.append(
                SearchResult(
                    title=str(household),
                    description=_("household, %(ward)s") % {"ward": household.ward.name},
                    link=reverse("loans:borrower", args=[household.pk]),
                    icon="home",
                )
            )
    if can_view(user, "loans", "loan"):
        for loan in loans.search_loans(user, term)[:SHOWN]:
            found.append(
                SearchResult(
                    title=str(loan),
                    description=_("loan, %(programme)s") % {"programme": loan.programme.name},
                    link=reverse("loans:loan", args=[loan.pk]),
                    icon="payments",
                )
            )
    return found
