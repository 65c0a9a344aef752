from django.contrib import admin
from django.urls import include, path

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
    # The REST API (issue 21): the field app's sheets and sync under api/v1/ first, then the
    # rest of the API and its schema and documentation.
    path("api/v1/", include("policycredit.field.api_urls")),
    path("api/", include("policycredit.api.urls")),
    path("field/", include("policycredit.field.urls")),
    path("tra-cuu/", include("policycredit.selfservice.urls")),
    path("notices/", include("policycredit.notices.urls")),
    path("", admin.site.urls),
]
