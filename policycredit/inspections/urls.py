from django.urls import path

from policycredit.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.ChecksView.as_view(), name="checks"),
    path("loans/<int:pk>/", views.CheckNewView.as_view(), name="check_new"),
    path("<int:pk>/", views.CheckView.as_view(), name="check"),
    path("<int:pk>/correct/", views.CheckCorrectView.as_view(), name="check_correct"),
    path("groups/", views.GroupsView.as_view(), name="groups"),
    path("groups/<int:pk>/inspect/", views.InspectView.as_view(), name="inspect"),
    path("inspections/<int:pk>/", views.InspectionView.as_view(), name="inspection"),
    path(
        "inspections/<int:pk>/correct/",
        views.InspectionCorrectView.as_view(),
        name="inspection_correct",
    ),
    path("summary/", views.SummaryView.as_view(), name="summary"),
]
