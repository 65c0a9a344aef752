from django.urls import path

from policycredit.registers import export_views

app_name = "registers"
urlpatterns = [
    path("export/", export_views.ExportIndexView.as_view(), name="export_index"),
    path("export/hstd/", export_views.ExportHstdView.as_view(), name="export_hstd"),
    path("export/dienbao/", export_views.ExportTelegramView.as_view(), name="export_dienbao"),
]
