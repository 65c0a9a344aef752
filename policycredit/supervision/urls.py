from django.urls import path

from policycredit.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.PlansView.as_view(), name="plans"),
    path("plans/new/", views.PlanNewView.as_view(), name="plan_new"),
    path("plans/<int:pk>/", views.PlanView.as_view(), name="plan"),
    path("plans/<int:pk>/lines/new/", views.LineNewView.as_view(), name="line_new"),
    path("checks/new/", views.CheckNewView.as_view(), name="check_new"),
    path("lines/<int:pk>/check/", views.CheckPlannedView.as_view(), name="check_planned"),
    path("checks/<int:pk>/", views.CheckView.as_view(), name="check"),
    path("checks/<int:pk>/correct/", views.CheckCorrectView.as_view(), name="check_correct"),
    path("checks/<int:pk>/findings/new/", views.FindingNewView.as_view(), name="finding_new"),
    path("findings/", views.FindingsView.as_view(), name="findings"),
    path("findings/<int:pk>/", views.FindingView.as_view(), name="finding"),
    path("findings/<int:pk>/follow-up/", views.FollowUpView.as_view(), name="follow_up"),
    path("findings/<int:pk>/resolve/", views.ResolveView.as_view(), name="resolve"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
]
