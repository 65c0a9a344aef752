from django.urls import path

from policycredit.reporting import file_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("loans/", views.LoanListView.as_view(), name="loans"),
    path("decisions/", views.DecisionListView.as_view(), name="decisions"),
    path("<slug:name>/", views.ReportView.as_view(), name="report"),
    path("<slug:name>/file/", file_views.ReportFileView.as_view(), name="report_file"),
]
