from django.urls import path

from policycredit.closing import views

app_name = "closing"
urlpatterns = [
    path("", views.CloseView.as_view(), name="close"),
]
