from django.urls import path

from policycredit.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", views.JobView.as_view(), name="job"),
    path("<int:pk>/file/", views.JobFileView.as_view(), name="file"),
]
