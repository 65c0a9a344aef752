from django.urls import path

from policycredit.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.OutboxView.as_view(), name="outbox"),
    path("days/<int:pk>/", views.DayMessagesView.as_view(), name="day"),
    # The SMS gateway's delivery reports: not a page for people (signed, CSRF-exempt, JSON).
    path("delivery/", views.delivery, name="delivery"),
]
