from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import path
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from unfold.settings import get_config
from unfold.sites import UnfoldAdminSite

from policycredit.accounts import signin, signin_views
from policycredit.web import sidebar


@cache
def _unfold_settings(settings_name: str) -> dict:
    return get_config(settings_name)


@receiver(setting_changed)
def _forget_unfold_settings(**kwargs):
    _unfold_settings.cache_clear()


class PolicyCreditSite(UnfoldAdminSite):
    """One shell for every role. Unlike Django's admin it admits every active user with a role:
    what each may see and do is decided per screen by the role table and the selectors."""

    site_header = _("PolicyCredit")
    site_title = _("PolicyCredit")
    index_title = _("Overview")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_authenticated

    def _get_config(self, key, *args):
        # unfold merges its defaults into settings.UNFOLD again for each of the thirty-odd
        # settings a page reads; merged once, until a setting changes. The one reader that
        # changes what it gets (the colours, turned to CSS values) gives the same values again.
        value = _unfold_settings(self.settings_name).get(key)
        return self._get_value(value, *args) if value else None

    def get_sidebar_list(self, request):
        # The same menu as unfold's, most of it kept per role and language (web.sidebar).
        config = self._get_config("SIDEBAR", request) or {}
        tabs = self._get_value(self._get_config("TABS", request), request) or []
        parent = super()
        return sidebar.sidebar(
            self,
            request,
            config.get("navigation"),
            tabs,
            uncached=lambda: parent.get_sidebar_list(request),
        )

    def get_app_list(self, request, app_label=None):
        # Django puts the list of every model a user may open into each page's context
        # ("available_apps"): a permission check and two reverse() per model. The shell shows
        # it only with SIDEBAR.show_all_applications, which is off, so it is built on first use.
        parent = super()
        return SimpleLazyObject(lambda: parent.get_app_list(request, app_label))

    def get_urls(self):
        # The second factor's pages, after the password (web.middleware.SecondFactorMiddleware
        # lets a member of staff reach nothing else until the code is accepted).
        return [
            path("two-factor/", self.admin_view(signin_views.verify), name="two_factor"),
            path("two-factor/enrol/", self.admin_view(signin_views.enrol), name="two_factor_enrol"),
            *super().get_urls(),
        ]

    def password_change(self, request, extra_context=None):
        response = super().password_change(request, extra_context)
        if request.method == "POST" and response.status_code == 302:
            signin.record_password_changed(user=request.user)
        return response
