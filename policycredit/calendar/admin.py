from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.calendar import selectors, services
from policycredit.calendar.models import Holiday, TransactionDayMove


@admin.register(Holiday)
class HolidayAdmin(ScopedAdmin):
    selector = selectors.holidays_for
    service = services.save_holiday
    list_display = ["date", "name", "legal_basis"]
    search_fields = ["name", "legal_basis"]
    date_hierarchy = "date"


class MoveAdminForm(forms.ModelForm):
    """Checks a move with the service's own rules, so a refusal shows on the form."""

    class Meta:
        model = TransactionDayMove
        fields = ["point", "original", "moved_to", "reason"]

    def clean(self):
        data = super().clean()
        point = data.get("point") or getattr(self.instance, "point", None)
        original = data.get("original")
        if self.instance.pk is not None:
            original = TransactionDayMove.objects.get(pk=self.instance.pk).moved_to
        if point and original and data.get("moved_to"):
            try:
                services.plan_move(
                    point=point,
                    original=original,
                    moved_to=data["moved_to"],
                    reason=data.get("reason", ""),
                )
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return data

    def validate_unique(self):
        # A session has one move row: moving it again edits that row (the service finds it).
        pass


@admin.register(TransactionDayMove)
class TransactionDayMoveAdmin(ScopedAdmin):
    selector = selectors.moves_for
    service = services.save_move
    form = MoveAdminForm
    list_display = ["point", "original", "moved_to", "reason", "actor", "created"]
    list_filter = ["point"]
    date_hierarchy = "original"

    def get_readonly_fields(self, request, obj=None):
        return ["point", "original", "actor", "created"] if obj else ["actor", "created"]
