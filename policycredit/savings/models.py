"""Members' savings (tiền gửi tổ viên) as an append-only log of movements.

A member's balance is never stored: it is the sum of its deposits less its withdrawals, each
reversal undoing the movement it points at, up to a date. Every movement has its journal entry
(cash against the members' savings liability), so the books' member_savings account of an
office is always minus the sum of its members' balances.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from policycredit.common.models import AppendOnly
from policycredit.domain.money import format_vnd


class SavingsKind(models.TextChoices):
    DEPOSIT = "deposit", _("deposit")
    WITHDRAWAL = "withdrawal", _("withdrawal")
    REVERSAL = "reversal", _("reversal")


class SavingsTransaction(AppendOnly, models.Model):
    """One deposit, withdrawal or reversal of a member's savings. Append-only."""

    membership = models.ForeignKey(
        "network.Membership",
        verbose_name=_("group membership"),
        on_delete=models.PROTECT,
        related_name="savings_transactions",
    )
    # Copied from the membership: the distribution key of large tables, as on loans.
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, editable=False
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SavingsKind.choices)
    amount = models.BigIntegerField(_("amount (đồng)"))
    value_date = models.DateField(_("value date"))
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    reason = models.TextField(_("reason"), blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    journal_entry = models.OneToOneField(
        "ledger.JournalEntry",
        verbose_name=_("journal entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="savings_transaction",
    )

    class Meta:
        verbose_name = _("savings transaction")
        verbose_name_plural = _("savings transactions")
        ordering = ["membership", "value_date", "id"]
        indexes = [models.Index(fields=["office", "value_date"], name="savingstx_office_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="savingstx_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="reversal", reverses__isnull=False)
                | (~models.Q(kind="reversal") & models.Q(reverses__isnull=True)),
                name="savingstx_reversal_points_back",
            ),
        ]

    def __str__(self):
        amount = format_vnd(self.amount, unit="")
        return f"{SavingsKind(self.kind).label} {amount} {self.value_date:%d/%m/%Y}"
