"""The approvals page: what waits for the signed-in user's yes or no (in their area, of an act
their role approves, never their own), and what they proposed themselves."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.common.pages import SignedInView, page


class ApprovalsView(SignedInView):
    def get(self, request):
        policy.expire_stale()
        waiting = list(policy.waiting_for(request.user)[:200])
        mine = list(policy.proposed_by(request.user)[:50])
        for proposal in waiting + mine:
            proposal.description = policy.describe(proposal)
        return page(
            request,
            "accounts/approvals.html",
            {"waiting": waiting, "mine": mine},
            title=_("Approvals"),
        )

    def post(self, request):
        proposal = get_object_or_404(
            policy.waiting_for(request.user), pk=request.POST.get("proposal")
        )
        try:
            if request.POST.get("action") == "approve":
                policy.approve(actor=request.user, proposal=proposal)
                messages.success(request, _("Approved and carried out."))
            else:
                policy.reject(
                    actor=request.user, proposal=proposal, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Rejected."))
        except policy.Refused as refusal:
            messages.error(request, refusal.message)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("approvals:list")
