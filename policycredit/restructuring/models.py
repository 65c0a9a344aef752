"""The risk dossier (hồ sơ đề nghị xử lý nợ bị rủi ro), the rules that say which measure a loss
calls for and who decides it, and the measures decided on a loan.

A dossier and a measure keep no status column: a dossier's status follows from its dated
steps and its measures, a measure's from the four-eyes `Proposal` it made and the loan
transaction that carried it out, so neither can part from the record it summarises.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.models import ProposalStatus


class MeasureKind(models.TextChoices):
    EXTENSION = "extension", _("extension of an instalment")
    EXTENSION_WHOLE = "extension_whole", _("extension of the whole loan")
    TERM_ADJUSTMENT = "term_adjustment", _("term adjustment")
    FREEZE = "freeze", _("debt freeze")
    UNFREEZE = "unfreeze", _("end of a freeze")
    WRITE_OFF = "write_off", _("write-off")
    TRANSFER = "transfer", _("transfer of the debt to a household member")


# A freeze and a write-off treat a loss: they need a risk dossier the ward has confirmed.
NEEDS_DOSSIER = {MeasureKind.FREEZE, MeasureKind.WRITE_OFF}


class BandMeasure(models.TextChoices):
    EXTENSION = "extension", _("extension")
    FREEZE = "freeze", _("freeze")


class LossBand(models.Model):
    """One band of losses and the measure it calls for, in force from a date (rules as data:
    domain.risk checks the set covers 0-100 % with no gap)."""

    effective_from = models.DateField(_("in force from"))
    lower = models.DecimalField(_("loss from (%)"), max_digits=5, decimal_places=2)
    upper = models.DecimalField(
        _("loss below (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Bands are half-open; the top band also takes 100 %."),
    )
    measure = models.CharField(_("measure"), max_length=12, choices=BandMeasure.choices)
    max_months = models.PositiveSmallIntegerField(_("at most (months)"), null=True, blank=True)
    write_off_allowed = models.BooleanField(
        _("write-off by decision allowed"),
        default=False,
        help_text=_("The bank's rules on debts hit by objective risk: the top band only."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("loss band")
        verbose_name_plural = _("loss bands")
        ordering = ["-effective_from", "lower"]
        constraints = [
            models.UniqueConstraint(fields=["effective_from", "lower"], name="lossband_unique")
        ]

    def __str__(self):
        return f"{self.lower}–{self.upper} %: {self.get_measure_display()}"


class SourceKind(models.TextChoices):
    CENTRAL = "central", _("central capital")
    LOCAL = "local", _("local budget entrusted")


class DecidingLevel(models.TextChoices):
    OFFICE = "office", _("office director")
    PROVINCE = "province", _("provincial branch")
    HEAD_OFFICE = "head_office", _("the bank's head office")
    GOVERNMENT = "government", _("entrusting People's Committee")


class ApprovalRule(models.Model):
    """Who decides a measure on a loan of a kind of capital. Above the office, the office
    director still confirms in the system and enters the deciding document."""

    measure = models.CharField(_("measure"), max_length=16, choices=MeasureKind.choices)
    source_kind = models.CharField(_("capital"), max_length=8, choices=SourceKind.choices)
    level = models.CharField(_("decided by"), max_length=12, choices=DecidingLevel.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("approval rule")
        verbose_name_plural = _("approval rules")
        ordering = ["measure", "source_kind"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "source_kind"], name="approvalrule_unique")
        ]

    def __str__(self):
        return f"{self.get_measure_display()} / {self.get_source_kind_display()}"


class Cause(models.TextChoices):
    DISASTER = "disaster", _("natural disaster")
    EPIDEMIC = "epidemic", _("epidemic")
    FIRE = "fire", _("fire")
    DEATH = "death", _("death")
    ILLNESS = "illness", _("illness or loss of working capacity")
    ASSET_LOST = "asset_lost", _("loss of the asset")
    OTHER = "other", _("other")


class DossierStatus(models.TextChoices):
    OPENED = "opened", _("opened")
    CONFIRMED = "confirmed", _("confirmed by the ward")
    PROPOSED = "proposed", _("measure proposed")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    DONE = "done", _("done")
    WITHDRAWN = "withdrawn", _("withdrawn")


class RiskDossier(models.Model):
    loan = models.ForeignKey(
        "loans.Loan", verbose_name=_("loan"), on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    # The borrower's ward in force when the dossier opened (an abolished ward's successor):
    # its People's Committee confirms.
    ward = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("ward / commune"), on_delete=models.PROTECT
    )
    cause = models.CharField(_("cause"), max_length=12, choices=Cause.choices)
    description = models.TextField(_("what happened"))
    event_on = models.DateField(_("date of the event"))
    loss_by_group = models.BigIntegerField(_("loss estimated by the group (đồng)"), null=True)
    loss_by_organisation = models.BigIntegerField(
        _("loss estimated by the organisation (đồng)"), null=True
    )
    loss_base = models.BigIntegerField(
        _("outstanding principal on the day of the event (đồng)"),
        null=True,
        help_text=_(
            "The loss is measured against the principal still owed on the day of the event: "
            "that is the debt a freeze or a write-off treats."
        ),
    )
    loss_percent = models.DecimalField(
        _("loss (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    loss_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    ward_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ward_confirmed_on = models.DateField(_("confirmed by the ward on"), null=True)
    ward_reference = models.CharField(_("the ward's confirmation (number)"), max_length=100)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField(_("opened on"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True)
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("risk dossier")
        verbose_name_plural = _("risk dossiers")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["office", "opened_on"], name="dossier_office_idx")]

    def __str__(self):
        return f"HS-RR {self.pk} – {self.loan.number}"

    def get_absolute_url(self):
        return reverse("restructuring:dossier", args=[self.pk])

    @property
    def status(self) -> str:
        if self.withdrawn_on:
            return DossierStatus.WITHDRAWN
        latest = self.measures.order_by("-pk").first()
        if latest is not None:
            return {
                "pending": DossierStatus.PROPOSED,
                "approved": DossierStatus.APPROVED,
                "done": DossierStatus.DONE,
            }.get(latest.status, DossierStatus.REJECTED)
        return DossierStatus.CONFIRMED if self.ward_confirmed_on else DossierStatus.OPENED

    def get_status_display(self) -> str:
        return DossierStatus(self.status).label


class DocumentKind(models.TextChoices):
    GROUP_MINUTES = "group_minutes", _("minutes of the group")
    ORGANISATION_REPORT = "organisation_report", _("the organisation's report")
    WARD_CONFIRMATION = "ward_confirmation", _("the ward's confirmation")
    DEATH_CERTIFICATE = "death_certificate", _("death certificate")
    OTHER = "other", _("other")


class ScanStorage(FileSystemStorage):
    """The scans' folder, read from the setting when used (a test points it elsewhere); files
    only this process's user may read. Never under a URL: `views.ScanView` streams each."""

    def __init__(self):
        super().__init__(
            base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700
        )

    @property
    def base_location(self):
        return settings.POLICYCREDIT_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def scans() -> FileSystemStorage:
    return ScanStorage()


class DossierDocument(models.Model):
    dossier = models.ForeignKey(
        RiskDossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="documents"
    )
    office = models.ForeignKey("geo.Office", on_delete=models.PROTECT, editable=False)
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("scan"), storage=scans, upload_to="risk/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("received on"))

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["dossier", "received_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.name})"


class MeasureStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    EXPIRED = "expired", _("expired")
    DONE = "done", _("done")


class Measure(models.Model):
    loan = models.ForeignKey(
        "loans.Loan", verbose_name=_("loan"), on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey("geo.Office", on_delete=models.PROTECT, editable=False)
    dossier = models.ForeignKey(
        RiskDossier,
        verbose_name=_("risk dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
    )
    kind = models.CharField(_("measure"), max_length=16, choices=MeasureKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict)
    on = models.DateField(_("effective on"))
    # The engine's before/after figures shown when it was proposed, for the approver and the
    # printed decision: [[label code, before, after], ...].
    figures = models.JSONField(default=list, blank=True)
    proposal = models.OneToOneField(
        "accounts.Proposal", null=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("decided by"), max_length=12, choices=DecidingLevel.choices)
    deciding_number = models.CharField(_("deciding document number"), max_length=100, blank=True)
    deciding_date = models.DateField(_("deciding document date"), null=True, blank=True)
    deciding_issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    decision_year = models.PositiveSmallIntegerField(null=True)
    decision_seq = models.PositiveIntegerField(null=True)
    decided_on = models.DateField(_("decided on"), null=True)
    transaction = models.OneToOneField(
        "loans.LoanTransaction", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "decision_year", "decision_seq"], name="measure_decision_unique"
            )
        ]

    def __str__(self):
        return f"{capfirst(self.get_kind_display())} – {self.loan.number}"

    def get_absolute_url(self):
        return reverse("restructuring:measure", args=[self.pk])

    @property
    def status(self) -> str:
        if self.transaction_id:
            return MeasureStatus.DONE
        if self.proposal is None:
            return MeasureStatus.PENDING
        return {
            ProposalStatus.PENDING: MeasureStatus.PENDING,
            ProposalStatus.APPROVED: MeasureStatus.APPROVED,
            ProposalStatus.REJECTED: MeasureStatus.REJECTED,
        }.get(self.proposal.status, MeasureStatus.EXPIRED)

    def get_status_display(self) -> str:
        return MeasureStatus(self.status).label

    @property
    def rejection_reason(self) -> str:
        return self.proposal.reason if self.proposal else ""

    @property
    def decision_number(self) -> str:
        """The office's own number when its director decides ("12/QĐ-PGD"), else the
        deciding document's."""
        if self.decision_seq:
            return f"{self.decision_seq}/QĐ-PGD"
        return self.deciding_number
