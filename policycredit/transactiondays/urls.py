from django.urls import path

from policycredit.transactiondays import views

app_name = "transactiondays"
urlpatterns = [
    path("", views.DayListView.as_view(), name="days"),
    path("<int:pk>/", views.DayView.as_view(), name="day"),
    path("<int:pk>/groups/<int:group_id>/", views.GroupEntryView.as_view(), name="group"),
    path("<int:pk>/receipts/<int:household_id>/", views.ReceiptView.as_view(), name="receipt"),
]
