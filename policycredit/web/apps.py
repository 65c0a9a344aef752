from django.apps import AppConfig


class Config(AppConfig):
    name = "policycredit.web"
    label = "web"
    verbose_name = "PolicyCredit"
    default_auto_field = "django.db.models.BigAutoField"
