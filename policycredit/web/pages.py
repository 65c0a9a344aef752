"""Business pages inside the same site shell as the admin screens."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views import View

from policycredit.accounts.roles import can_act


def page(request, template: str, context: dict, title: str) -> TemplateResponse:
    request.current_app = admin.site.name
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), "title": title, **context}
    )


def require_action(user, action: str) -> None:
    if not can_act(user, action):
        raise PermissionDenied


@method_decorator(login_required, name="dispatch")
class SignedInView(View):
    pass
