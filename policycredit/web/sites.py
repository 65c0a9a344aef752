from django.urls import path
from django.utils.translation import gettext_lazy as _
from unfold.sites import UnfoldAdminSite

from policycredit.accounts import signin, signin_views


class PolicyCreditSite(UnfoldAdminSite):
    """One shell for every role. Unlike Django's admin it admits every active user with a role:
    what each may see and do is decided per screen by the role table and the selectors."""

    site_header = _("PolicyCredit")
    site_title = _("PolicyCredit")
    index_title = _("Overview")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_authenticated

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
