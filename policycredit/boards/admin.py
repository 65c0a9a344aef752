from django.contrib import admin

from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.boards import selectors
from policycredit.boards.models import LevelPeriod


@admin.register(LevelPeriod)
class LevelPeriodAdmin(ScopedAdmin):
    """When boards of each level may exist: the administrator records a decision that changes it
    (the district level ends on 30/06/2025)."""

    selector = staticmethod(selectors.level_periods_for)
    list_display = ["level", "valid_from", "valid_to", "legal_basis"]
