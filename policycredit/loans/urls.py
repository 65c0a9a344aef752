from django.urls import path

from policycredit.loans import views

app_name = "loans"
urlpatterns = [
    path("households/<int:household_id>/", views.BorrowerView.as_view(), name="borrower"),
    path("households/<int:household_id>/apply/", views.ApplyView.as_view(), name="apply"),
    path("applications/<int:pk>/", views.ApplicationView.as_view(), name="application"),
    path("applications/<int:pk>/04td/", views.NoticeView.as_view(), name="notice"),
    path("loans/<int:pk>/", views.LoanView.as_view(), name="loan"),
    path("calculator/", views.CalculatorView.as_view(), name="calculator"),
]
