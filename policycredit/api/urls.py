from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated

app_name = "api"

urlpatterns = [
    # The schema names every model and field: for signed-in users only (drf-spectacular
    # serves it to anyone unless told; a stranger gets 403).
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
        name="schema",
    ),
]
