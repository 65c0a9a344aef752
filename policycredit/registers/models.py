"""What an import of the bank's loan register left behind: the runs, the bank's own figures per
loan as of the last export, and the differences found between the bank's books and ours."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One import of one office's register export, as of the export date."""

    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    as_of = models.DateField(_("export date"))
    file_name = models.CharField(_("file"), max_length=255)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("loans created"), default=0)
    updated = models.PositiveIntegerField(_("loans updated"), default=0)
    settled = models.PositiveIntegerField(_("loans closed as settled"), default=0)
    differences = models.PositiveIntegerField(_("differences"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.office.code} {self.as_of:%d/%m/%Y} ({self.file_name})"


class BankLoan(models.Model):
    """The bank's own figures for one loan, as of the last export imported.

    Kept beside the loan rather than in it: the loan's balances are derived from its
    transactions by the engine, and what the bank says is a second opinion to reconcile against.
    """

    loan = models.OneToOneField(
        "loans.Loan", verbose_name=_("loan"), on_delete=models.PROTECT, related_name="bank"
    )
    # By office through the (office, contract) constraint's index.
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, db_index=False
    )
    contract = models.CharField(_("bank contract number"), max_length=30)
    customer_code = models.CharField(_("bank customer code"), max_length=30, blank=True)
    as_of = models.DateField(_("export date"))
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("due date by contract"), null=True, blank=True)
    extended_due_date = models.DateField(_("due date after extension"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    freeze_expiry = models.DateField(_("freeze expires"), null=True, blank=True)
    disbursed_total = models.BigIntegerField(_("disbursed"), default=0)
    principal_repaid = models.BigIntegerField(_("principal repaid"), default=0)
    interest_repaid = models.BigIntegerField(_("interest repaid"), default=0)
    principal_in_term = models.BigIntegerField(_("principal in term"), default=0)
    principal_overdue = models.BigIntegerField(_("principal overdue"), default=0)
    principal_frozen = models.BigIntegerField(_("principal frozen"), default=0)
    interest_unpaid = models.BigIntegerField(_("unpaid in-term interest"), default=0)
    interest_unpaid_overdue = models.BigIntegerField(_("unpaid overdue interest"), default=0)
    savings = models.BigIntegerField(_("savings balance (105)"), default=0)
    # Where the loan was opened from and the bank's unpaid interest then (the engine carries it
    # in the opening disbursement; loans imported before it did are compared by this figure).
    opening_as_of = models.DateField(_("opened from the export of"), null=True, blank=True)
    opening_interest = models.BigIntegerField(_("unpaid interest at opening"), default=0)
    status = models.CharField(_("bank status"), max_length=50, blank=True)
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    investor = models.CharField(_("local budget"), max_length=200, blank=True)
    fund_class = models.CharField(
        _("fund class"),
        max_length=10,
        blank=True,
        help_text=_("PL NV: 1 national fund or state budget, 2 raised by the bank."),
    )

    class Meta:
        verbose_name = _("bank figures of a loan")
        verbose_name_plural = _("bank figures of loans")
        constraints = [
            models.UniqueConstraint(fields=["office", "contract"], name="bankloan_office_contract")
        ]

    def __str__(self):
        return self.contract


class Difference(models.Model):
    """One figure on which the bank's newer export and PolicyCredit's books disagree."""

    run = models.ForeignKey(
        ImportRun, verbose_name=_("import"), on_delete=models.PROTECT, related_name="lines"
    )
    loan = models.ForeignKey(
        "loans.Loan", verbose_name=_("loan"), null=True, on_delete=models.PROTECT
    )
    contract = models.CharField(_("bank contract number"), max_length=30)
    field = models.CharField(_("figure"), max_length=40)
    ours = models.CharField(_("PolicyCredit"), max_length=40, blank=True)
    bank = models.CharField(_("bank"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("reconciliation difference")
        verbose_name_plural = _("reconciliation differences")
        ordering = ["run", "contract", "field"]

    def __str__(self):
        return f"{self.contract} {self.field}: {self.ours} ≠ {self.bank}"


class JobKind(models.TextChoices):
    CHECK = "check", _("check")
    IMPORT = "import", _("import")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ImportJob(models.Model):
    """A register's check or import, done by the worker while the person waits on a page that
    shows how far it got (`registers.jobs`). The file stays in the private staging folder until
    the import is done."""

    kind = models.CharField(_("kind"), max_length=10, choices=JobKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT
    )
    file_name = models.CharField(_("file"), max_length=255)
    path = models.CharField(_("staged file"), max_length=500)
    office_code = models.CharField(_("office"), max_length=20, blank=True)
    as_of = models.DateField(_("export date"), null=True, blank=True)
    checked = models.ForeignKey(
        "self",
        verbose_name=_("check"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imports",
    )
    outcome = models.JSONField(_("outcome"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(_("taken by the worker"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("register import job")
        verbose_name_plural = _("register import jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name}"
