from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models are loaded only now. Connected after django-axes' own receivers (axes comes
        # first in INSTALLED_APPS), so a failure axes has just turned into a lock-out is
        # recorded once, as the lock-out.
        from axes.signals import user_locked_out
        from django.contrib import admin
        from django.contrib.auth import signals
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from policycredit.accounts import signin

        signals.user_logged_in.connect(signin.on_signed_in, dispatch_uid="pc_signed_in")
        signals.user_login_failed.connect(signin.on_sign_in_failed, dispatch_uid="pc_failed")
        signals.user_logged_out.connect(signin.on_signed_out, dispatch_uid="pc_signed_out")
        user_locked_out.connect(signin.on_locked_out, dispatch_uid="pc_locked_out")

        # django-otp's own screen shows an authenticator's secret (and its QR code) to a
        # superuser, who could then pass anyone's second factor. No one sees a secret after
        # its enrolment; a lost phone is signin.reset_second_factor. (The admin app, before
        # this one in INSTALLED_APPS, has registered it by now.)
        if admin.site.is_registered(TOTPDevice):
            admin.site.unregister(TOTPDevice)
