"""Applications and loans.

A loan is an append-only log of transactions (`LoanTransaction`) plus a current-state row on
`Loan` derived from it by the pure engine in `policycredit.domain.loan`. Nothing about money is
ever edited: a mistake is corrected by a reversal transaction, and the state is derived again.
"""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from policycredit.common.models import AppendOnly


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted (01/TD)")
    REVIEWED = "reviewed", _("reviewed at the group meeting")
    APPRAISED = "appraised", _("appraised by the organisation")
    CONFIRMED = "confirmed", _("listed on 03/TD and confirmed by the ward")
    APPROVED = "approved", _("approved (04/TD)")
    REJECTED = "rejected", _("rejected")
    DISBURSED = "disbursed", _("disbursed")


class Application(models.Model):
    """A household's request for a loan (form 01/TD) and its way through the steps."""

    # Applications are written by the hundred thousand when a bank's register is imported, and
    # every index is written with each: they keep the indexes something searches by (office,
    # household, group), not those of keys nothing looks them up by (borrower, programme, terms:
    # a household's applications go through the household).
    number = models.CharField(_("application number"), max_length=30)
    # Indexed with the status (below): an office's applications at a step, for the work queues.
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, db_index=False
    )
    household = models.ForeignKey(
        "borrowers.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    borrower = models.ForeignKey(
        "borrowers.Person",
        verbose_name=_("borrower"),
        on_delete=models.PROTECT,
        related_name="applications",
        db_index=False,
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        db_index=False,
    )
    group = models.ForeignKey(
        "network.SavingsGroup",
        verbose_name=_("savings-and-loan group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    amount = models.BigIntegerField(_("amount requested (đồng)"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    purpose = models.TextField(_("purpose and plan of use"))
    applied_on = models.DateField(_("date of application"))
    collateral = models.CharField(_("collateral"), max_length=255, blank=True)
    business = models.BooleanField(
        _("production or business establishment"),
        default=False,
        help_text=_("Job creation: the borrower is an establishment, not a household."),
    )
    jobs_new_planned = models.PositiveIntegerField(_("new jobs planned"), default=0)
    jobs_maintained_planned = models.PositiveIntegerField(_("jobs maintained planned"), default=0)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    terms = models.ForeignKey(
        "programmes.ProgrammeTerms",
        verbose_name=_("terms given"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("loan application")
        verbose_name_plural = _("loan applications")
        ordering = ["-applied_on", "-id"]
        constraints = [
            # A constraint, not `unique=True`: no second, pattern-matching index on PostgreSQL.
            models.UniqueConstraint(fields=["number"], name="application_number_unique")
        ]
        indexes = [models.Index(fields=["office", "status"], name="application_office_status_idx")]

    def __str__(self):
        return f"{self.number} – {self.borrower}"


class ApplicationStep(models.Model):
    """One step of an application (review, appraisal, confirmation, decision): append-only."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="steps"
    )
    status = models.CharField(_("to status"), max_length=12, choices=ApplicationStatus.choices)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["application", "id"]

    def __str__(self):
        return f"{ApplicationStatus(self.status).label} {self.on:%d/%m/%Y}"


class LoanStatus(models.TextChoices):
    ACTIVE = "active", _("in term")
    OVERDUE = "overdue", _("overdue")
    FROZEN = "frozen", _("frozen")
    SETTLED = "settled", _("settled")
    WRITTEN_OFF = "written_off", _("written off")


class Loan(models.Model):
    # Status is derived (domain.loanrow.status_of), never typed in; its open values are
    # domain.loanrow.OPEN_STATUSES.
    # A loan row is rewritten at every change of its state (the close of day alone changes
    # thousands a day), and every index on it is written each time. So the loan keeps only the
    # indexes something searches by: office and source go through the (office, status) and
    # (source, status) indexes below; nothing looks loans up by borrower, programme or terms
    # alone (a household's loans go through the household), so those keys have none; and the
    # contract number is unique by a constraint, which unlike `unique=True` adds no second,
    # pattern-matching index on PostgreSQL.
    number = models.CharField(_("contract number"), max_length=30)
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, db_index=False
    )
    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="loan"
    )
    household = models.ForeignKey(
        "borrowers.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="loans",
    )
    borrower = models.ForeignKey(
        "borrowers.Person",
        verbose_name=_("borrower"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        db_index=False,
    )
    group = models.ForeignKey(
        "network.SavingsGroup",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loans",
    )
    source = models.ForeignKey(
        "capital.CapitalSource",
        verbose_name=_("capital source"),
        on_delete=models.PROTECT,
        db_index=False,
    )
    # The terms the loan was given, copied so that a later decision cannot change them silently.
    terms = models.ForeignKey(
        "programmes.ProgrammeTerms",
        verbose_name=_("terms"),
        on_delete=models.PROTECT,
        db_index=False,
    )
    monthly_rate = models.DecimalField(_("rate (% per month)"), max_digits=7, decimal_places=4)
    overdue_factor = models.DecimalField(_("overdue factor"), max_digits=5, decimal_places=3)
    day_basis = models.PositiveSmallIntegerField(_("day basis"))
    amount = models.BigIntegerField(_("amount approved (đồng)"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    first_disbursed_on = models.DateField(_("first disbursement"))
    jobs_new_planned = models.PositiveIntegerField(_("new jobs planned"), default=0)
    jobs_maintained_planned = models.PositiveIntegerField(_("jobs maintained planned"), default=0)
    jobs_new_verified = models.PositiveIntegerField(_("new jobs verified"), null=True, blank=True)
    jobs_maintained_verified = models.PositiveIntegerField(
        _("jobs maintained verified"), null=True, blank=True
    )

    # Current state, derived from the transactions by the engine; never typed in.
    state_date = models.DateField(_("state as of"))
    status = models.CharField(
        _("status"), max_length=12, choices=LoanStatus.choices, default=LoanStatus.ACTIVE
    )
    disbursed_total = models.BigIntegerField(_("disbursed"), default=0)
    principal_outstanding = models.BigIntegerField(_("outstanding principal"), default=0)
    principal_overdue = models.BigIntegerField(_("overdue principal"), default=0)
    principal_frozen = models.BigIntegerField(_("frozen principal"), default=0)
    principal_repaid_total = models.BigIntegerField(_("principal repaid"), default=0)
    principal_written_off = models.BigIntegerField(_("principal written off"), default=0)
    interest_paid_total = models.BigIntegerField(_("interest paid"), default=0)
    # The part of the interest paid that settled interest on overdue principal (overdue
    # interest is settled first): the books split interest income by it.
    interest_overdue_paid = models.BigIntegerField(_("overdue interest paid"), default=0)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    # Debt group by days past due (1 current … 5), kept by the close of day and each refresh.
    debt_group = models.PositiveSmallIntegerField(_("debt group"), default=1)
    next_due = models.DateField(_("next instalment due"), null=True, blank=True)
    # Interest still owed once no principal is: it no longer changes with time, so a settled
    # loan that still owes it is found by this column, not by replaying every closed loan.
    interest_left = models.BigIntegerField(
        _("interest owed on a closed loan"), default=0, db_default=0
    )

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-first_disbursed_on", "number"]
        indexes = [
            models.Index(fields=["office", "status"], name="loan_office_status_idx"),
            models.Index(fields=["source", "status"], name="loan_source_status_idx"),
            # The close of day's debt-group step finds the loans reaching a threshold by date.
            models.Index(fields=["overdue_since"], name="loan_overdue_since_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="loan_number_unique"),
            models.CheckConstraint(
                condition=models.Q(principal_outstanding__gte=0)
                & models.Q(principal_overdue__gte=0)
                & models.Q(principal_frozen__gte=0),
                name="loan_balances_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.number} – {self.borrower}"


class Instalment(models.Model):
    """The loan's current repayment schedule (rewritten by extension or term adjustment; each
    rewrite is also kept in the transaction that made it)."""

    # By loan through the (loan, due) index below.
    loan = models.ForeignKey(
        Loan,
        verbose_name=_("loan"),
        on_delete=models.PROTECT,
        related_name="instalments",
        db_index=False,
    )
    due = models.DateField(_("due date"))
    principal = models.BigIntegerField(_("principal due"))
    # Indexed with the due date (below): an office's instalments falling due, for the queues.
    office = models.ForeignKey(
        "geo.Office", on_delete=models.PROTECT, editable=False, db_index=False
    )
    # Set on the instalments of principal coming back from a freeze: they belong to the unfreeze
    # decision that set them (the engine takes them from it, `Freeze.instalments`), and are kept
    # here too so the close finds the loans falling due on a day by the due-date index.
    unfreeze = models.ForeignKey(
        "LoanTransaction",
        verbose_name=_("set by the unfreeze"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        editable=False,
    )

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("repayment schedule")
        ordering = ["loan", "due"]
        indexes = [
            models.Index(fields=["due"], name="instalment_due_idx"),
            # A loan's instalments up to a date (the close's transfer to overdue), by loan first:
            # otherwise the planner may walk the due-date index over the whole portfolio.
            models.Index(fields=["loan", "due"], name="instalment_loan_due_idx"),
            models.Index(fields=["office", "due"], name="instalment_office_due_idx"),
        ]

    def __str__(self):
        return f"{self.due:%d/%m/%Y}: {self.principal}"


class TransactionKind(models.TextChoices):
    DISBURSEMENT = "disbursement", _("disbursement")
    REPAYMENT = "repayment", _("repayment (principal and/or interest)")
    OVERDUE_TRANSFER = "overdue", _("transfer to overdue")
    EXTENSION = "extension", _("extension")
    TERM_ADJUSTMENT = "adjustment", _("term adjustment")
    FREEZE = "freeze", _("freeze")
    UNFREEZE = "unfreeze", _("unfreeze")
    WRITE_OFF = "write_off", _("write-off")
    REVERSAL = "reversal", _("reversal")
    # Chuyển nợ: the debt passes to another member of the household (death, moving away). No
    # money moves, so the engine's history leaves it out (`selectors.history_of`).
    TRANSFER = "transfer", _("transfer of the debt")


class LoanTransaction(AppendOnly, models.Model):
    """One money or schedule event of a loan. Append-only; a reversal points at what it undoes."""

    loan = models.ForeignKey(
        Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="transactions"
    )
    # By office through the (office, value date) index below.
    office = models.ForeignKey(
        "geo.Office", on_delete=models.PROTECT, editable=False, db_index=False
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TransactionKind.choices)
    value_date = models.DateField(_("value date"))
    principal = models.BigIntegerField(_("principal"), default=0)
    interest = models.BigIntegerField(_("interest"), default=0)
    details = models.JSONField(_("details"), default=dict, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    reason = models.TextField(_("reason"), blank=True)
    # Unique where given (a partial index: the many transactions without a key add nothing);
    # NULL, not "", is "no key", or the keyless transactions would collide.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        db_index=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("loan transaction")
        verbose_name_plural = _("loan transactions")
        ordering = ["loan", "value_date", "id"]
        indexes = [models.Index(fields=["office", "value_date"], name="loantx_office_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="loantx_idempotency_key_unique",
            )
        ]

    def __str__(self):
        return f"{TransactionKind(self.kind).label} {self.value_date:%d/%m/%Y}"


class Snapshot(models.Model):
    """The portfolio at a month end, by office × ward × programme × source × organisation ×
    group: what reports and the month's fees read for past dates. The close of day takes it
    (`closing.snapshot.take`)."""

    month_end = models.DateField(_("month end"))
    office = models.ForeignKey("geo.Office", on_delete=models.PROTECT)
    ward = models.ForeignKey("geo.AdminUnit", null=True, on_delete=models.PROTECT)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.PROTECT)
    source = models.ForeignKey("capital.CapitalSource", on_delete=models.PROTECT)
    organisation = models.ForeignKey(
        "network.MassOrganisation", null=True, on_delete=models.PROTECT
    )
    group = models.ForeignKey("network.SavingsGroup", null=True, on_delete=models.PROTECT)
    loans = models.IntegerField(default=0)
    borrowers = models.IntegerField(default=0)
    outstanding = models.BigIntegerField(default=0)
    overdue = models.BigIntegerField(default=0)
    frozen = models.BigIntegerField(default=0)
    disbursed_in_month = models.BigIntegerField(default=0)
    collected_in_month = models.BigIntegerField(default=0)
    interest_in_month = models.BigIntegerField(default=0)
    # The outstanding of the loans whose interest was collected in the month: the base of the
    # entrustment fee, which the month's fees read from here instead of from every loan.
    paying_outstanding = models.BigIntegerField(default=0)
    jobs_new = models.IntegerField(default=0)
    jobs_maintained = models.IntegerField(default=0)

    class Meta:
        # The table the close of day made when the snapshot was its own; the loans own it now
        # (it is their portfolio), so every app above the loans may read it.
        db_table = "closing_snapshot"
        verbose_name = _("month-end snapshot")
        verbose_name_plural = _("month-end snapshots")
        indexes = [models.Index(fields=["month_end", "office"], name="snapshot_month_office_idx")]

    def __str__(self):
        return f"{self.month_end:%d/%m/%Y}: {self.outstanding:,}"


# A row's principal in term, in SQL, for queries over many loans: the mirror of
# domain.loanrow.in_term (the row stores outstanding, overdue and frozen, not in term).
IN_TERM = F("principal_outstanding") - F("principal_overdue") - F("principal_frozen")
