from django.urls import path

from policycredit.registers import export_views, import_views

app_name = "registers"
urlpatterns = [
    path("export/", export_views.ExportIndexView.as_view(), name="export_index"),
    path("export/hstd/", export_views.ExportHstdView.as_view(), name="export_hstd"),
    path("export/dienbao/", export_views.ExportTelegramView.as_view(), name="export_dienbao"),
    path("import/", import_views.ImportIndexView.as_view(), name="import_index"),
    path("import/confirm/", import_views.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/<int:pk>/", import_views.ImportRunView.as_view(), name="import_run"),
    path("import/job/<int:pk>/", import_views.ImportJobView.as_view(), name="import_job"),
]
