"""The pages a person sees when a request goes wrong (settings' handlers in `policycredit.urls`,
`CSRF_FAILURE_VIEW`): in Vietnamese, inside the site's shell with its menu for a signed-in person,
so the way on is one click away. Django's own are English and bare, and with DEBUG on its
developer pages show the site's routes to anyone.

The shell costs a refusal little: its menu is kept per role (web.sidebar) and Django's list of
every model, which the shell does not show, is never built (`PolicyCreditSite.get_app_list`);
what is left is rendering the menu, the way on.

The 500 page is a plain template read without the database: what failed may be the database.
"""

from django.contrib import admin
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from policycredit.common.query import NotInScope

SHELL = "admin/base.html"
BARE = "unfold/layouts/unauthenticated.html"


def _context(request, title: str, message: str) -> dict:
    context = {"title": title, "message": message, "layout": BARE}
    request.current_app = admin.site.name
    try:
        context = {**admin.site.each_context(request), **context}
    except DatabaseError:
        return context
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["layout"] = SHELL
    return context


def _said(exception) -> str:
    """The refusal's own words, when a screen gave some. Django's defaults (a resolver's
    routes, "No Loan matches the given query.") are for developers and stay unsaid."""
    if exception is None or not exception.args or not isinstance(exception.args[0], str):
        return ""
    return exception.args[0]


def bad_request(request, exception=None):
    # A screen's BadRequest says what it refused; a SuspiciousOperation's words are for logs.
    message = _said(exception) if isinstance(exception, BadRequest) else ""
    context = _context(request, _("The request cannot be read."), message)
    return render(request, "400.html", context, status=400)


def permission_denied(request, exception=None):
    message = (_said(exception) if isinstance(exception, PermissionDenied) else "") or _(
        "Your role does not give access to this page, or the record is outside your area."
    )
    context = _context(request, _("Access refused"), message)
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception=None):
    message = _said(exception) if isinstance(exception, NotInScope) else ""
    context = _context(
        request,
        _("Page not found"),
        message or _("We’re sorry, but the requested page could not be found."),
    )
    if not message:
        context["hint"] = _("No such record, or not in your area.")
    return render(request, "404.html", context, status=404)


def server_error(request):
    # No request, so no context processors and no database: a template that needs nothing.
    html = loader.get_template("500.html").render({"title": _("Server error")})
    return HttpResponseServerError(html)


def csrf_failure(request, reason=""):
    context = _context(
        request,
        _("The form has expired"),
        _(
            "The form was sent from a page opened too long ago or in another session. "
            "Go back, reload the page and send it again."
        ),
    )
    return render(request, "403_csrf.html", context, status=403)
