"""The outbox of text messages to households.

A `Batch` is one act of queuing (a person's "send these messages" on a transaction day, or
one run of the reminders): it carries the counts the person is shown and the one audit event
of the act. A `Message` is one SMS to one phone. Its `key` names what it is about (the kind,
the household, the transaction day or the loan and instalment) and is unique, so the same
notice is never queued twice, however often the reminders run.

A message's status only moves forward: queued → sending → sent → delivered, or → failed (a
person may queue a failed one again) or queued → cancelled. The move queued → sending is a
conditional UPDATE taken before the gateway is called (`sending.claim`): two workers cannot
both send one message, and a worker that dies after the call leaves it "sending", which no
one sends again until a person decides. The text and the phone are written once, when the
message is queued, and never changed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    BEFORE_DAY = "before_day", _("before the transaction day")
    OVERDUE = "overdue", _("instalment overdue")


class Status(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


class Trigger(models.TextChoices):
    DAY = "day", _("a transaction day's messages, sent by a person")
    REMINDERS = "reminders", _("the reminders' run")


class Batch(models.Model):
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    trigger = models.CharField(_("queued by"), max_length=12, choices=Trigger.choices)
    on = models.DateField(_("business date"))
    # The day's messages: the point and its date (the reminders' run names neither).
    point = models.ForeignKey(
        "geo.TransactionPoint",
        verbose_name=_("transaction point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    day = models.DateField(_("transaction day"), null=True, blank=True)
    queued = models.PositiveIntegerField(_("queued"), default=0)
    skipped = models.PositiveIntegerField(_("already queued before"), default=0)
    without_phone = models.PositiveIntegerField(_("without a phone"), default=0)
    # The households left without a message for want of a phone: (code, name), for the page.
    missing_phones = models.JSONField(_("households without a phone"), default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("queued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("batch of text messages")
        verbose_name_plural = _("batches of text messages")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_trigger_display()} {self.on:%d/%m/%Y} ({self.queued})"


class Message(models.Model):
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="messages"
    )
    household = models.ForeignKey(
        "borrowers.Household", verbose_name=_("household"), on_delete=models.PROTECT
    )
    loan = models.ForeignKey(
        "loans.Loan", verbose_name=_("loan"), null=True, blank=True, on_delete=models.PROTECT
    )
    point = models.ForeignKey(
        "geo.TransactionPoint",
        verbose_name=_("transaction point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # The transaction day's date (before_day) or the instalment's due date (overdue).
    about = models.DateField(_("about the date"))
    key = models.CharField(_("dedupe key"), max_length=120, unique=True)
    phone = models.CharField(_("phone"), max_length=20)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # 1, then 2, 3 … each time a person sends a failed message again: the gateway's reference
    # changes with it, so a gateway that keeps references does not drop a wanted resend.
    round = models.PositiveSmallIntegerField(_("sending round"), default=1)
    # A queued message waiting out its backoff after a failed attempt is not sent before this.
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    gateway_id = models.CharField(_("gateway's message id"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("failed or cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["office", "status"], name="notice_office_status_idx"),
            models.Index(fields=["status", "not_before"], name="notice_due_idx"),
            models.Index(fields=["gateway_id"], name="notice_gateway_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(phone=""),
                name="notice_has_a_phone",
                violation_error_message=_("A text message needs a phone number."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.about:%d/%m/%Y} {self.household_id}"

    @property
    def reference(self) -> str:
        """What the gateway is told on every attempt of this round (its idempotency key)."""
        return self.key if self.round == 1 else f"{self.key}#{self.round}"
