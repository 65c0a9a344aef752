"""The served documentation: Swagger UI and Redoc from the sidecar's own files. The split view
serves Swagger's start-up script as a file of its own, and Redoc's page is ours without the web
fonts drf-spectacular's links from Google: both run under the site's CSP (scripts of our own
origin only, no inline script, nothing from another site)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.views import APIView


class SwaggerView(SpectacularSwaggerSplitView):
    pass


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"


@extend_schema(exclude=True)
class NowhereView(APIView):
    """An address under api/v1/ that names no endpoint: 404 in the API's error shape."""

    def get(self, request, *args, **kwargs):
        raise Http404

    post = put = patch = delete = get
