from django.utils.translation import gettext_lazy as _
from unfold.sites import UnfoldAdminSite


class PolicyCreditSite(UnfoldAdminSite):
    """One shell for every role. Unlike Django's admin it admits every active user with a role:
    what each may see and do is decided per screen by the role table and the selectors."""

    site_header = _("PolicyCredit")
    site_title = _("PolicyCredit")
    index_title = _("Overview")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_authenticated
