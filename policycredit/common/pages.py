"""Business pages inside the same site shell as the admin screens (every app's screens use it;
who may act on a page is `accounts.roles.require_action`)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views import View


def page(request, template: str, context: dict, title: str) -> TemplateResponse:
    request.current_app = admin.site.name
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), "title": title, **context}
    )


@method_decorator(login_required, name="dispatch")
class SignedInView(View):
    pass
