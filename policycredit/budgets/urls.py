from django.urls import path

from policycredit.budgets import views

app_name = "budgets"
urlpatterns = [
    path("", views.PlansView.as_view(), name="plans"),
    path("new/", views.PlanNewView.as_view(), name="plan_new"),
    path("<int:pk>/", views.PlanView.as_view(), name="plan"),
    path("<int:pk>/decision/", views.DecideView.as_view(), name="decide"),
    path("<int:pk>/transfer/", views.TransferView.as_view(), name="transfer"),
    path("<int:pk>/recall/", views.RecallView.as_view(), name="recall"),
    path("statement/", views.StatementView.as_view(), name="statement"),
    path("interest/", views.InterestView.as_view(), name="interest"),
    path("handovers/", views.HandoversView.as_view(), name="handovers"),
]
