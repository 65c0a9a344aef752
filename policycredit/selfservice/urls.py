from django.urls import path

from policycredit.selfservice import views

app_name = "selfservice"
urlpatterns = [
    # The borrower's, without sign-in: the look-up and the passbook its link opens.
    path("", views.LookupView.as_view(), name="lookup"),
    path("so-vay-von/", views.PassbookView.as_view(), name="passbook"),
    # The office's.
    path(
        "khoan-vay/<int:pk>/so-vay-von/", views.StaffPassbookView.as_view(), name="staff_passbook"
    ),
    path("nhat-ky/", views.LogView.as_view(), name="log"),
]
