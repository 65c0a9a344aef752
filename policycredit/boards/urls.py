from django.urls import path

from policycredit.boards import views

app_name = "boards"
urlpatterns = [
    path("", views.BoardsView.as_view(), name="boards"),
    path("new/", views.BoardNewView.as_view(), name="board_new"),
    path("<int:pk>/", views.BoardView.as_view(), name="board"),
    path("<int:pk>/members/new/", views.MemberNewView.as_view(), name="member_new"),
    path("members/<int:pk>/leave/", views.MemberLeaveView.as_view(), name="member_leave"),
    path("<int:pk>/meetings/new/", views.MeetingNewView.as_view(), name="meeting_new"),
    path("meetings/<int:pk>/", views.MeetingView.as_view(), name="meeting"),
    path("meetings/<int:pk>/tasks/new/", views.TaskNewView.as_view(), name="task_new"),
    path("tasks/", views.TasksView.as_view(), name="tasks"),
    path("tasks/<int:pk>/", views.TaskView.as_view(), name="task"),
]
