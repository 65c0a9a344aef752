from django.urls import path

from policycredit.fees import views

app_name = "fees"
urlpatterns = [
    path("", views.FeesView.as_view(), name="index"),
    path("statements/<int:pk>/", views.FeeStatementView.as_view(), name="statement"),
    path("commissions/<int:pk>/", views.CommissionStatementView.as_view(), name="commission"),
]
