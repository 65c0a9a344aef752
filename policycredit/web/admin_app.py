from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """The admin with PolicyCredit's site: every signed-in user works inside it."""

    default_site = "policycredit.web.sites.PolicyCreditSite"
