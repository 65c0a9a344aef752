"""The home page: the work queues of the signed-in user's role (`web.queues`), then the
headline figures of what they may see."""

from django.urls import reverse
from django.utils.translation import gettext as _

from policycredit.accounts.selectors import scope_of
from policycredit.borrowers.selectors import households_for, persons_for
from policycredit.capital.selectors import decisions_for
from policycredit.common.replica import replica_reads
from policycredit.common.selectors import business_date
from policycredit.creditplans.report import panel as credit_plan_panel
from policycredit.geo.selectors import transaction_points_for
from policycredit.network.selectors import groups_for
from policycredit.web.queues import queues_for


# Figures a second old are as good here: a replica, when there is one, takes these reads.
@replica_reads()
def dashboard_callback(request, context):
    user = request.user
    today = business_date()
    figures = [
        (_("Households"), households_for(user).count(), "admin:borrowers_household_changelist"),
        (_("Persons"), persons_for(user).count(), "admin:borrowers_person_changelist"),
        (
            _("Savings-and-loan groups"),
            groups_for(user).filter(closed__isnull=True).count(),
            "admin:network_savingsgroup_changelist",
        ),
        (
            _("Transaction points"),
            transaction_points_for(user).filter(active=True).count(),
            "admin:geo_transactionpoint_changelist",
        ),
    ]
    entrusted = {}
    for decision in decisions_for(user).filter(date__lte=today).select_related("source"):
        entrusted[decision.source] = entrusted.get(decision.source, 0) + decision.amount
    context.update(
        {
            "queues": queues_for(user, today),
            "figures": [{"title": t, "value": v, "href": reverse(name)} for t, v, name in figures],
            "entrusted": sorted(entrusted.items(), key=lambda item: item[0].code),
            "today": today,
            "scope_empty": scope_of(user).nothing,
            # The year's credit plan against what was done, in the user's area (None: no plan
            # in force, or a role that does not see plans).
            "credit_plan": credit_plan_panel(user, today),
        }
    )
    return context
