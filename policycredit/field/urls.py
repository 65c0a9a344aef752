from django.urls import path

from policycredit.field import views

app_name = "field"

urlpatterns = [
    path("", views.shell, name="app"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    # Served from /field/ (not /static/) so that its scope is the app's pages.
    path("sw.js", views.service_worker, name="sw"),
]
