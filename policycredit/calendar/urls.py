from django.urls import path

from policycredit.calendar import views

app_name = "calendar"
urlpatterns = [
    path("", views.ScheduleView.as_view(), name="schedule"),
]
