"""The field app's API and the transaction days' sheets, under api/v1/ (policycredit/urls.py)."""

from django.urls import path

from policycredit.field import api

app_name = "field_api"
urlpatterns = [
    path("field/me/", api.MeView.as_view(), name="me"),
    path("field/groups/", api.GroupsView.as_view(), name="groups"),
    path("field/groups/<int:group_id>/pack/", api.PackView.as_view(), name="pack"),
    path("field/sync/", api.SyncView.as_view(), name="sync"),
    path("field/conflicts/", api.ConflictsView.as_view(), name="conflicts"),
    path(
        "field/conflicts/<int:conflict_id>/resolve/",
        api.ResolveView.as_view(),
        name="resolve",
    ),
    path("days/", api.DaysView.as_view(), name="days"),
    path("days/<int:day_id>/", api.DayView.as_view(), name="day"),
    path(
        "days/<int:day_id>/groups/<int:group_id>/sheet/",
        api.SheetView.as_view(),
        name="sheet",
    ),
    path(
        "days/<int:day_id>/groups/<int:group_id>/entries/",
        api.EntriesView.as_view(),
        name="entries",
    ),
]
