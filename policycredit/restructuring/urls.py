from django.urls import path

from policycredit.restructuring import views

app_name = "restructuring"
urlpatterns = [
    path("", views.DossiersView.as_view(), name="dossiers"),
    path("<int:pk>/", views.DossierView.as_view(), name="dossier"),
    path("loans/<int:loan_id>/open/", views.OpenDossierView.as_view(), name="open"),
    path("loans/<int:loan_id>/measure/", views.ProposeView.as_view(), name="propose"),
    path("documents/<int:pk>/", views.ScanView.as_view(), name="scan"),
    path("measures/<int:pk>/", views.MeasureView.as_view(), name="measure"),
    path("measures/<int:pk>/decision/", views.DecisionView.as_view(), name="decision"),
]
