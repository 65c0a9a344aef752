from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated

from policycredit.web import errors
from policycredit.web.health import health

# Vietnamese error pages in the site's shell (web/errors.py), not Django's English ones.
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

urlpatterns = [
    path("health/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("credit/", include("policycredit.loans.urls")),
    path("risk/", include("policycredit.restructuring.urls")),
    path("checks/", include("policycredit.inspections.urls")),
    path("budgets/", include("policycredit.budgets.urls")),
    path("supervision/", include("policycredit.supervision.urls")),
    path("boards/", include("policycredit.boards.urls")),
    path("credit-plans/", include("policycredit.creditplans.urls")),
    path("books/", include("policycredit.ledger.urls")),
    path("savings/", include("policycredit.savings.urls")),
    path("fees/", include("policycredit.fees.urls")),
    path("calendar/", include("policycredit.calendar.urls")),
    path("day/", include("policycredit.transactiondays.urls")),
    path("reports/", include("policycredit.reporting.urls")),
    path("registers/", include("policycredit.registers.urls")),
    path("close/", include("policycredit.closing.urls")),
    path("jobs/", include("policycredit.jobs.urls")),
    path("approvals/", include("policycredit.accounts.urls")),
    # The schema names every model and field: for signed-in users only (drf-spectacular
    # serves it to anyone unless told; a stranger gets 403).
    path(
        "api/schema/",
        SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
        name="api-schema",
    ),
    path("", admin.site.urls),
]
