from django.urls import path

from policycredit.transactiondays import documents, leader, views

app_name = "transactiondays"
urlpatterns = [
    path("", views.DayListView.as_view(), name="days"),
    path("<int:pk>/", views.DayView.as_view(), name="day"),
    path("<int:pk>/sign-off/", views.SignOffView.as_view(), name="sign_off"),
    path("<int:pk>/groups/<int:group_id>/", views.GroupEntryView.as_view(), name="group"),
    path("<int:pk>/receipts/<int:household_id>/", views.ReceiptView.as_view(), name="receipt"),
    path("<int:pk>/groups/<int:group_id>/sheet/", documents.GroupSheetView.as_view(), name="sheet"),
    path("<int:pk>/sheets/", documents.PointSheetsView.as_view(), name="sheets"),
    path("<int:pk>/notices/", documents.NoticesView.as_view(), name="notices"),
    path("<int:pk>/public/", documents.PublicListView.as_view(), name="public"),
    path("leader/", leader.LeaderSheetView.as_view(), name="leader_sheet"),
    path(
        "leader/<int:group_id>/",
        leader.LeaderSheetView.as_view(),
        name="leader_sheet_group",
    ),
    path("leader/13td/", leader.StatementView.as_view(), name="statement_13td"),
    path(
        "leader/<int:group_id>/13td/",
        leader.StatementView.as_view(),
        name="statement_13td_group",
    ),
]
