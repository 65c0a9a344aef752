"""What the field app's sync keeps: one receipt per key the app sent.

The app gives every record a key (a UUID made on the phone) and sends it again until the server
has answered; the receipt makes the second sending a "duplicate" that creates nothing. The
group leader's statement lines carry their key themselves; the 06/TD checks and 16/TD
inspections have none of their own, so the receipt is their idempotency. A refused record
leaves no receipt: once its cause is fixed, the same key can be sent again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReceiptKind(models.TextChoices):
    STATEMENT = "statement", _("13/TD statement line")
    LOAN_USE_CHECK = "loan_use_check", _("06/TD loan-use check")
    GROUP_INSPECTION = "group_inspection", _("16/TD group inspection")
    ENTRIES = "entries", _("entry sheet saved through the API")


class SyncReceipt(models.Model):
    key = models.CharField(_("key"), max_length=80, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReceiptKind.choices)
    status = models.CharField(_("result"), max_length=12)
    object_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    response = models.JSONField(_("answer given"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("field sync receipt")
        verbose_name_plural = _("field sync receipts")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.kind} {self.key}"
