"""The API under api/: the schema and its documentation, the tokens page, and the read
endpoints under api/v1/ (the field app's come first, from field/api_urls.py, under
api/v1/field/, api/v1/days/ and api/v1/sheets/)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import SimpleRouter

from policycredit.api import borrowers, calendar, loans, network, reports, savings
from policycredit.api.docs import NowhereView, RedocView, SwaggerView
from policycredit.api.tokens import TokensView

app_name = "api"

router = SimpleRouter()
router.register("households", borrowers.HouseholdViewSet, basename="household")
router.register("persons", borrowers.PersonViewSet, basename="person")
router.register("groups", network.GroupViewSet, basename="group")
router.register("memberships", network.MembershipViewSet, basename="membership")
router.register("loans", loans.LoanViewSet, basename="loan")
router.register("loan-transactions", loans.TransactionViewSet, basename="loan-transaction")
router.register("calendar/moves", calendar.MoveViewSet, basename="calendar-move")
router.register("savings/movements", savings.MovementViewSet, basename="savings-movement")

v1 = [
    *router.urls,
    path("calendar/", calendar.CalendarView.as_view(), name="calendar"),
    path("savings/groups/", savings.TotalsView.as_view(), name="savings-groups"),
    path(
        "savings/groups/<int:pk>/balances/",
        savings.GroupBalancesView.as_view(),
        name="savings-balances",
    ),
    path("reports/", reports.ReportListView.as_view(), name="reports"),
    path("reports/<slug:name>/", reports.ReportView.as_view(), name="report"),
]

signed_in = [IsAuthenticated]

urlpatterns = [
    # The schema names every model and field: for signed-in users only (drf-spectacular
    # serves it to anyone unless told). `?lang=en` or `?lang=vi` chooses its language.
    path("schema/", SpectacularAPIView.as_view(permission_classes=signed_in), name="schema"),
    path(
        "docs/",
        SwaggerView.as_view(url_name="api:schema", permission_classes=signed_in),
        name="docs",
    ),
    path(
        "redoc/",
        RedocView.as_view(url_name="api:schema", permission_classes=signed_in),
        name="redoc",
    ),
    path("tokens/", TokensView.as_view(), name="tokens"),
    path("v1/", include(v1)),
    # Anything else under api/ is the API's 404 (JSON), not the admin's catch-all: a client
    # reads one error shape whatever address it got wrong.
    # [\s\S], not '.': a path with a newline in it (a fuzzer sends them) is the API's too.
    re_path(r"^v1/[\s\S]*$", NowhereView.as_view(), name="nowhere"),
]
