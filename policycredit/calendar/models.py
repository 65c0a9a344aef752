"""Public holidays and one-off moves of a transaction day.

The rules that turn a point's fixed day of the month into dates live in
:mod:`policycredit.domain.calendar`; these tables are their data. `Holiday` lists the days off
(the statutory holidays, and the days off in lieu and swapped days off that each year's notice
announces), each with its source. `TransactionDayMove` records an office's decision to hold one
session on another date; there is at most one per session, and moving it again edits it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Holiday(models.Model):
    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150, help_text=_("As the notice names it."))
    legal_basis = models.TextField(
        _("legal basis"),
        help_text=_("The law and the year's notice on days off; say so when unverified."),
    )

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"


class TransactionDayMove(models.Model):
    point = models.ForeignKey(
        "geo.TransactionPoint",
        verbose_name=_("transaction point"),
        on_delete=models.PROTECT,
        related_name="day_moves",
    )
    original = models.DateField(
        _("original date"), help_text=_("The date the calendar gives for the session.")
    )
    moved_to = models.DateField(_("moved to"))
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("transaction-day move")
        verbose_name_plural = _("transaction-day moves")
        ordering = ["-original", "point"]
        constraints = [
            models.UniqueConstraint(fields=["point", "original"], name="calendar_move_once"),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="calendar_move_reason_given"
            ),
        ]

    def __str__(self):
        return f"{self.point}: {self.original:%d/%m/%Y} → {self.moved_to:%d/%m/%Y}"
