"""The borrower's pages (no sign-in: the look-up and the passbook by its link) and the staff's
(the passbook of a loan they may see, the look-up log of their office's loans).

The borrower's pages have a light layout of their own (`selfservice/public_base.html`): no
sidebar, no staff link, large type, printable, no script but one file of ours. Nothing they
show is kept by a browser's cache or a proxy: it is someone's loan.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import View

from policycredit.accounts.roles import can_view, require_action
from policycredit.accounts.signin_lockout import client_address
from policycredit.common import query as address
from policycredit.common.pages import SignedInView, page
from policycredit.common.pdf import pdf_response
from policycredit.common.selectors import business_date
from policycredit.loans.models import Loan
from policycredit.loans.selectors import loans_for
from policycredit.selfservice import selectors, services, tokens
from policycredit.selfservice.forms import LookupForm
from policycredit.selfservice.models import Outcome

LISTED = 200  # the look-ups the office's list shows, the latest first
PAPERS = ("a4", "a5")


def _private(response):
    patch_cache_control(response, no_store=True, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _public(request, template: str, context: dict, status: int = 200):
    return _private(TemplateResponse(request, template, context, status=status))


class LookupView(View):
    """/tra-cuu/: the form, and on a match the loan's position with the passbook's link."""

    template = "selfservice/lookup.html"

    def get(self, request):
        return _public(request, self.template, {"form": LookupForm()})

    def post(self, request):
        form = LookupForm(request.POST)
        if not form.is_valid():
            return _public(request, self.template, {"form": form})
        data = form.cleaned_data
        answer = services.look_up(
            number=data["number"],
            cccd_end=data["cccd_end"],
            birth_date=data["birth_date"],
            address=client_address(request),
        )
        if answer.outcome == Outcome.FOUND:
            loan = selectors.loan_for_lookup(answer.loan.pk)
            context = {
                "position": selectors.position(loan, business_date()),
                "token": tokens.passbook_token(loan),
                "link_minutes": _link_minutes(),
            }
            return _public(request, "selfservice/position.html", context)
        # The same page whatever was wrong: the number typed kept, the details emptied.
        again = LookupForm(initial={"number": data["number"]})
        if answer.outcome == Outcome.THROTTLED:
            retry = timezone.localtime(answer.retry_at)
            response = _public(
                request,
                self.template,
                {"form": again, "refusal": "throttled", "retry_at": retry},
                status=429,
            )
            seconds = (answer.retry_at - timezone.now()).total_seconds()
            response["Retry-After"] = str(max(1, int(seconds + 0.999)))
            return response
        return _public(request, self.template, {"form": again, "refusal": "refused"})


def _link_minutes() -> int:
    return settings.POLICYCREDIT_PASSBOOK_LINK_MINUTES


def _paper(request) -> str:
    return address.choice(request, "paper", PAPERS) or "a4"


def _passbook_context(request, loan: Loan) -> dict:
    return {
        "book": selectors.passbook(loan, business_date()),
        "paper": _paper(request),
        "printed_at": timezone.localtime(),
    }


def _passbook_pdf(request, context: dict):
    book = context["book"]
    filename = f"so-vay-von-{book.loan.number}"
    return pdf_response(request, "selfservice/passbook_print.html", context, filename)


class PassbookView(View):
    """/tra-cuu/so-vay-von/?t=…: the passbook of the loan a look-up found (``&format=pdf``)."""

    def get(self, request):
        token = address.text(request, "t")
        if token is None:
            return redirect("selfservice:lookup")
        fmt = address.file_format(request, "pdf")
        try:
            loan_id = tokens.loan_id_of(token)
            loan = selectors.loan_for_lookup(loan_id)
        except tokens.LinkExpired:
            return self._refused(request, "expired")
        except (tokens.LinkInvalid, Loan.DoesNotExist):
            return self._refused(request, "invalid")
        services.passbook_opened(loan=loan, address=client_address(request))
        context = {**_passbook_context(request, loan), "token": token}
        if fmt:
            return _private(_passbook_pdf(request, context))
        return _public(request, "selfservice/passbook.html", context)

    def _refused(self, request, why: str):
        context = {"form": LookupForm(), "refusal": why, "link_minutes": _link_minutes()}
        return _public(request, "selfservice/lookup.html", context, status=403)


class StaffPassbookView(SignedInView):
    """The same passbook printed at the office, for a loan the user may see."""

    def get(self, request, pk):
        if not can_view(request.user, "loans", "loan"):
            raise PermissionDenied
        loan = get_object_or_404(loans_for(request.user), pk=pk)
        loan = selectors.loan_for_lookup(loan.pk)
        context = _passbook_context(request, loan)
        if address.file_format(request, "pdf"):
            return _passbook_pdf(request, context)
        return page(
            request,
            "selfservice/passbook_staff.html",
            context,
            title=_("Loan passbook %(n)s") % {"n": loan.number},
        )


class LogView(SignedInView):
    """The borrowers' look-ups of the office's loans: counts by outcome, the loans tried and
    refused, the latest look-ups (``?outcome=`` one outcome)."""

    def get(self, request):
        require_action(request.user, "selfservice.log")
        outcome = address.choice(request, "outcome", Outcome.values)
        qs = selectors.lookups_for(request.user)
        now = timezone.now()
        day_ago = now - datetime.timedelta(days=1)
        rows = qs.filter(outcome=outcome) if outcome else qs
        day = selectors.outcome_counts(qs, day_ago)
        kept = selectors.outcome_counts(qs, now - _retention())
        return page(
            request,
            "selfservice/log.html",
            {
                "outcomes": Outcome.choices,
                "outcome": outcome,
                "counts": [(v, label, day[v], kept[v]) for v, label in Outcome.choices],
                "public_path": reverse("selfservice:lookup"),
                "tried": selectors.loans_tried(qs, day_ago),
                "rows": rows.order_by("-at", "-id")[:LISTED],
                "listed": LISTED,
                "retention_days": _retention().days,
            },
            title=_("Borrowers' look-ups"),
        )


def _retention() -> datetime.timedelta:
    return datetime.timedelta(days=settings.POLICYCREDIT_LOOKUP_RETENTION_DAYS)
