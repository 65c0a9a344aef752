from django.urls import path

from policycredit.creditplans import views

app_name = "creditplans"
urlpatterns = [
    path("", views.PlansView.as_view(), name="plans"),
    path("new/", views.SetPlanView.as_view(), name="set"),
    path("<int:pk>/", views.PlanView.as_view(), name="plan"),
    path("<int:pk>/revise/", views.RevisePlanView.as_view(), name="revise"),
    path("<int:pk>/allocate/", views.AllocateView.as_view(), name="allocate"),
]
