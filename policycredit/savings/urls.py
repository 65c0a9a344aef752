from django.urls import path

from policycredit.savings import views

app_name = "savings"
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("groups/<int:pk>/", views.GroupView.as_view(), name="group"),
    path("groups/<int:pk>/excel/", views.GroupExcelView.as_view(), name="group_excel"),
]
