from django.urls import path

from policycredit.accounts import views

app_name = "approvals"
urlpatterns = [path("", views.ApprovalsView.as_view(), name="list")]
