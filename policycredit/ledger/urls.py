from django.urls import path

from policycredit.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.TrialBalanceView.as_view(), name="trial_balance"),
    path("accounts/<int:pk>/", views.AccountView.as_view(), name="account"),
    path("capital/", views.CapitalView.as_view(), name="capital"),
]
