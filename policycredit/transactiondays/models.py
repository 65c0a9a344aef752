"""The monthly transaction day at a ward's transaction point.

A team of three (team leader, controller, teller) sits at the point for a few hours. What the
teller types during the day are **draft entries** (`DayEntry`): working data, changed freely
until the teller submits the day; nothing in them is money in the books yet. The controller
then signs the day off (maker-checker: never the person who entered or submitted), and only
then is every entry posted, in one database transaction, to the loans, savings, fees and the
ledger. Posting is idempotent: each entry carries a key that becomes the idempotency key of what
it posts, and a day already posted is never posted again. After sign-off a mistake is corrected
by a reversal on the loan or savings page, with a reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Vietnamese banknotes in circulation (State Bank of Vietnam); coins are no longer issued.
DENOMINATIONS = (
    500_000,
    200_000,
    100_000,
    50_000,
    20_000,
    10_000,
    5_000,
    2_000,
    1_000,
    500,
    200,
    100,
)


class DayStatus(models.TextChoices):
    OPEN = "open", _("open: entries being taken")
    SUBMITTED = "submitted", _("submitted for sign-off")
    POSTED = "posted", _("signed off and posted")


class TransactionDay(models.Model):
    point = models.ForeignKey(
        "geo.TransactionPoint",
        verbose_name=_("transaction point"),
        on_delete=models.PROTECT,
        related_name="days",
    )
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=DayStatus.choices, default=DayStatus.OPEN
    )
    cash_brought = models.BigIntegerField(_("cash brought from the office (đồng)"), default=0)
    cash_count = models.JSONField(_("cash counted by denomination"), default=dict, blank=True)
    cash_counted = models.BigIntegerField(_("cash counted (đồng)"), null=True, blank=True)
    cash_expected = models.BigIntegerField(_("cash expected (đồng)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    journal_entry = models.OneToOneField(
        "ledger.JournalEntry",
        verbose_name=_("cash handed in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("transaction day")
        verbose_name_plural = _("transaction days")
        ordering = ["-date", "point"]
        constraints = [
            models.UniqueConstraint(fields=["point", "date"], name="one_day_per_point_and_date"),
            models.CheckConstraint(
                condition=models.Q(cash_brought__gte=0), name="day_cash_brought_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.point} – {self.date:%d/%m/%Y}"


class EntryKind(models.TextChoices):
    COLLECTION = "collection", _("collection (principal and interest)")
    DISBURSEMENT = "disbursement", _("disbursement")
    DEPOSIT = "deposit", _("savings deposit")
    WITHDRAWAL = "withdrawal", _("savings withdrawal")
    FEE_PAYOUT = "fee_payout", _("entrustment fee paid")
    COMMISSION_PAYOUT = "commission_payout", _("commission paid")


class DayEntry(models.Model):
    """One draft line of the day; its key is what it posts under."""

    day = models.ForeignKey(
        TransactionDay, verbose_name=_("day"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    key = models.CharField(max_length=80, unique=True)
    group = models.ForeignKey(
        "network.SavingsGroup", null=True, blank=True, on_delete=models.PROTECT
    )
    loan = models.ForeignKey("loans.Loan", null=True, blank=True, on_delete=models.PROTECT)
    application = models.ForeignKey(
        "loans.Application", null=True, blank=True, on_delete=models.PROTECT
    )
    source = models.ForeignKey(
        "capital.CapitalSource", null=True, blank=True, on_delete=models.PROTECT
    )
    membership = models.ForeignKey(
        "network.Membership", null=True, blank=True, on_delete=models.PROTECT
    )
    fee_statement = models.ForeignKey(
        "fees.FeeStatement", null=True, blank=True, on_delete=models.PROTECT
    )
    commission_statement = models.ForeignKey(
        "fees.CommissionStatement", null=True, blank=True, on_delete=models.PROTECT
    )
    principal = models.BigIntegerField(_("principal"), default=0)
    interest = models.BigIntegerField(_("interest"), default=0)
    amount = models.BigIntegerField(_("amount"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("transaction-day entry")
        verbose_name_plural = _("transaction-day entries")
        ordering = ["day", "group", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(principal__gte=0, interest__gte=0, amount__gte=0),
                name="day_entry_amounts_not_negative",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}"

    @property
    def cash_in(self) -> int:
        if self.kind in (EntryKind.COLLECTION,):
            return self.principal + self.interest
        if self.kind == EntryKind.DEPOSIT:
            return self.amount
        return 0

    @property
    def cash_out(self) -> int:
        if self.kind in (
            EntryKind.DISBURSEMENT,
            EntryKind.WITHDRAWAL,
            EntryKind.FEE_PAYOUT,
            EntryKind.COMMISSION_PAYOUT,
        ):
            return self.amount
        return 0


class NoCollection(models.Model):
    """The teller's word that a group brought nothing on the day, with the reason (the leader
    was ill, the village was flooded). A day is submitted and signed off only when every group
    at the point either has entries or such a note: a group left blank is otherwise
    indistinguishable from a group forgotten."""

    day = models.ForeignKey(
        TransactionDay,
        verbose_name=_("day"),
        on_delete=models.PROTECT,
        related_name="no_collections",
    )
    group = models.ForeignKey(
        "network.SavingsGroup", verbose_name=_("savings-and-loan group"), on_delete=models.PROTECT
    )
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("no collection from a group")
        verbose_name_plural = _("no collection from a group")
        ordering = ["day", "group"]
        constraints = [
            models.UniqueConstraint(fields=["day", "group"], name="one_no_collection_per_group"),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="no_collection_reason_given"
            ),
        ]

    def __str__(self):
        return f"{self.group} – {self.day}"


class StatementStatus(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    CONFLICT = "conflict", _("conflict: to be resolved")
    SUPERSEDED = "superseded", _("superseded by a later record")
    RESOLVED = "resolved", _("conflict resolved")


class ConflictReason(models.TextChoices):
    FIGURES_CHANGED = "figures_changed", _("the member's figures changed after the download")
    DAY_MOVED = "day_moved", _("the transaction day is no longer the point's next day")


class Resolution(models.TextChoices):
    KEEP = "keep", _("kept what was recorded")
    CHANGE = "change", _("changed the amounts")


class LeaderStatementLine(models.Model):
    """One member's line of the group leader's 13/TD statement as recorded in the field app:
    what the member handed the leader at the meeting before the transaction day.

    Not money in the books: the teller's entry sheet takes the accepted lines as its starting
    values, and only the teller's saved drafts, signed off, post. A line is kept as sent (its
    key is the app's idempotency key); a later record of the same member and day supersedes
    it, and a record made against figures that changed since the download (a repayment at the
    counter, a day moved) is kept as a conflict, never applied, until someone resolves it.
    """

    key = models.CharField(_("key"), max_length=80, unique=True)
    day = models.DateField(_("transaction day"))
    point = models.ForeignKey(
        "geo.TransactionPoint", verbose_name=_("transaction point"), on_delete=models.PROTECT
    )
    group = models.ForeignKey(
        "network.SavingsGroup",
        verbose_name=_("savings-and-loan group"),
        on_delete=models.PROTECT,
        related_name="statement_lines",
    )
    membership = models.ForeignKey(
        "network.Membership", verbose_name=_("member"), on_delete=models.PROTECT
    )
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    interest = models.BigIntegerField(_("interest collected (đồng)"))
    savings = models.BigIntegerField(_("savings collected (đồng)"))
    basis = models.TextField(_("figures the record was made against"))
    recorded_at = models.DateTimeField(_("recorded at (on the device)"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=StatementStatus.choices)
    conflict_reason = models.CharField(
        _("conflict"), max_length=20, choices=ConflictReason.choices, blank=True
    )
    then = models.JSONField(_("figures when downloaded"), null=True, blank=True)
    now = models.JSONField(_("figures when received"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=10, choices=Resolution.choices, blank=True
    )

    class Meta:
        verbose_name = _("group leader's statement line (13/TD)")
        verbose_name_plural = _("group leader's statement lines (13/TD)")
        ordering = ["day", "group", "membership", "received_at", "id"]
        indexes = [
            models.Index(fields=["group", "day", "status"], name="statement_group_day_idx"),
            models.Index(fields=["office", "status"], name="statement_office_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interest__gte=0, savings__gte=0),
                name="statement_amounts_not_negative",
                violation_error_message=_("Amounts collected cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"13/TD {self.group_id} {self.day:%d/%m/%Y} {self.membership_id}"
