from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.geo"
    label = "geo"
    verbose_name = _("Places and offices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The accounts resolve a user's scope with the places below their unit; they sit
        # below the geography, which hands them these.
        from policycredit.accounts.selectors import register_below
        from policycredit.geo.selectors import offices_in_unit, wards_reported_under

        register_below("ward", wards_reported_under)
        register_below("unit", offices_in_unit)
