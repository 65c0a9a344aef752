"""Entrustment fees (phí ủy thác) and group commissions (hoa hồng).

Rates, quality bands and level shares are decided by the bank and change by decision: each is a
row from a date, and the rows in force on a month's last day are the ones that month uses (the
latest start by that day wins; an old row stays, so a past statement can always be explained).

A month is computed once per office (``services.compute_month``): one fee statement per mass
organisation whose groups' loans the office holds, with the fee's split between the
organisation's levels, and one commission statement per group that collected something. Each
non-zero statement is posted to the books as an expense payable; paying it out (``services.pay``)
posts the payout. Statements are never edited: the figures are what was computed and posted.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from policycredit.network.models import OrganisationLevel

_PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class FeeKind(models.TextChoices):
    ENTRUSTMENT_FEE = "entrustment_fee", _("entrustment fee")
    COMMISSION = "commission", _("commission")


def _rate(label, help_text):
    return models.DecimalField(
        label,
        max_digits=9,
        decimal_places=5,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=help_text,
    )


class FeeRate(models.Model):
    """The rates of one kind of payment from a date, for one programme or (empty) for all
    programmes that have no rate of their own."""

    kind = models.CharField(_("kind"), max_length=16, choices=FeeKind.choices)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: every programme without a rate of its own."),
    )
    valid_from = models.DateField(_("valid from"))
    rate_on_balance = _rate(
        _("rate on balance (% per month)"),
        _("Of the outstanding at the month's end on which interest was collected in the month."),
    )
    rate_on_interest = _rate(
        _("rate on interest collected (%)"),
        _(
            "Of the interest collected in the month. The commission rate seeded with the "
            "system, 8 per cent of the interest collected, is a demo figure, not published."
        ),
    )
    rate_on_savings = _rate(
        _("rate on savings collected (%)"),
        _("Of the members' savings collected in the month."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("fee or commission rate")
        verbose_name_plural = _("fee and commission rates")
        ordering = ["kind", "programme", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "programme", "valid_from"],
                condition=Q(programme__isnull=False),
                name="feerate_programme_from_unique",
            ),
            models.UniqueConstraint(
                fields=["kind", "valid_from"],
                condition=Q(programme__isnull=True),
                name="feerate_all_from_unique",
            ),
            models.CheckConstraint(
                condition=Q(rate_on_balance__gte=0)
                & Q(rate_on_interest__gte=0)
                & Q(rate_on_savings__gte=0),
                name="feerate_not_negative",
            ),
        ]

    def __str__(self):
        programme = self.programme or _("all programmes")
        return f"{self.get_kind_display()} – {programme} ({self.valid_from:%d/%m/%Y})"


class QualityBand(models.Model):
    """From an overdue ratio of ``overdue_ratio_from`` % the fee is multiplied by ``factor`` %.
    The bands with the same start date make one decision; the first must start at 0 %."""

    valid_from = models.DateField(_("valid from"))
    overdue_ratio_from = models.DecimalField(
        _("overdue ratio from (%)"), max_digits=7, decimal_places=4, validators=_PERCENT
    )
    factor = models.DecimalField(
        _("fee paid (%)"), max_digits=5, decimal_places=2, validators=_PERCENT
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quality band")
        verbose_name_plural = _("quality bands")
        ordering = ["-valid_from", "overdue_ratio_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from", "overdue_ratio_from"], name="qualityband_from_unique"
            ),
            models.CheckConstraint(
                condition=Q(overdue_ratio_from__gte=0, overdue_ratio_from__lte=100)
                & Q(factor__gte=0, factor__lte=100),
                name="qualityband_percent",
            ),
        ]

    def __str__(self):
        return f"≥ {self.overdue_ratio_from} % → {self.factor} % ({self.valid_from:%d/%m/%Y})"


class LevelShare(models.Model):
    """The share of an organisation's fee that goes to one of its levels. The shares with the
    same start date make one decision and must sum to 100 %."""

    valid_from = models.DateField(_("valid from"))
    level = models.CharField(_("level"), max_length=10, choices=OrganisationLevel.choices)
    share = models.DecimalField(_("share (%)"), max_digits=6, decimal_places=3, validators=_PERCENT)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("share by level")
        verbose_name_plural = _("shares by level")
        ordering = ["-valid_from", "level"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from", "level"], name="levelshare_unique"),
            models.CheckConstraint(
                condition=Q(share__gte=0, share__lte=100), name="levelshare_percent"
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.share} % ({self.valid_from:%d/%m/%Y})"


class _Statement(models.Model):
    month = models.DateField(_("month"), help_text=_("The month's first day."))
    as_of = models.DateField(_("figures as of"))
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    interest_collected = models.BigIntegerField(_("interest collected"))
    # Per programme: the bases and the rates that applied, as the statement prints them.
    details = models.JSONField(_("details"), default=list, blank=True)
    journal_entry = models.OneToOneField(
        "ledger.JournalEntry",
        verbose_name=_("journal entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def payout_or_none(self):
        try:
            return self.payout
        except Payout.DoesNotExist:
            return None


class FeeStatement(_Statement):
    """One organisation's entrustment fee for one month."""

    organisation = models.ForeignKey(
        "network.MassOrganisation",
        verbose_name=_("mass-organisation unit"),
        on_delete=models.PROTECT,
        related_name="fee_statements",
    )
    base_balance = models.BigIntegerField(
        _("outstanding on which interest was collected"),
    )
    outstanding = models.BigIntegerField(_("outstanding principal"))
    overdue = models.BigIntegerField(_("overdue principal"))
    overdue_ratio = models.DecimalField(_("overdue ratio (%)"), max_digits=9, decimal_places=4)
    factor = models.DecimalField(_("fee paid (%)"), max_digits=5, decimal_places=2)
    fee = models.BigIntegerField(_("entrustment fee"))

    class Meta:
        verbose_name = _("entrustment fee statement")
        verbose_name_plural = _("entrustment fee statements")
        ordering = ["-month", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["month", "organisation"], name="feestatement_unique"),
            models.CheckConstraint(
                condition=Q(base_balance__gte=0)
                & Q(interest_collected__gte=0)
                & Q(overdue__gte=0)
                & Q(fee__gte=0)
                & Q(overdue__lte=F("outstanding"))
                & Q(base_balance__lte=F("outstanding"))
                & Q(factor__gte=0, factor__lte=100),
                name="feestatement_figures",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.month:%m/%Y}"


class FeeShare(models.Model):
    """The part of a fee that goes to one level of the organisation."""

    statement = models.ForeignKey(
        FeeStatement, verbose_name=_("statement"), on_delete=models.PROTECT, related_name="shares"
    )
    level = models.CharField(_("level"), max_length=10, choices=OrganisationLevel.choices)
    organisation = models.ForeignKey(
        "network.MassOrganisation",
        verbose_name=_("mass-organisation unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the organisation has no unit of its own at this level here."),
    )
    share = models.DecimalField(_("share (%)"), max_digits=6, decimal_places=3)
    amount = models.BigIntegerField(_("amount"))
    office = models.ForeignKey("geo.Office", on_delete=models.PROTECT, editable=False)

    class Meta:
        verbose_name = _("fee share")
        verbose_name_plural = _("fee shares")
        ordering = ["statement", "-share"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "level"], name="feeshare_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="feeshare_not_negative"),
        ]

    def __str__(self):
        return f"{OrganisationLevel(self.level).label}: {self.amount}"


class CommissionStatement(_Statement):
    """One group's commission for one month."""

    group = models.ForeignKey(
        "network.SavingsGroup",
        verbose_name=_("savings-and-loan group"),
        on_delete=models.PROTECT,
        related_name="commission_statements",
    )
    savings_collected = models.BigIntegerField(_("savings collected"))
    commission = models.BigIntegerField(_("commission"))

    class Meta:
        verbose_name = _("commission statement")
        verbose_name_plural = _("commission statements")
        ordering = ["-month", "group__code"]
        constraints = [
            models.UniqueConstraint(fields=["month", "group"], name="commissionstatement_unique"),
            models.CheckConstraint(
                condition=Q(interest_collected__gte=0)
                & Q(savings_collected__gte=0)
                & Q(commission__gte=0),
                name="commissionstatement_figures",
            ),
        ]

    def __str__(self):
        return f"{self.group} – {self.month:%m/%Y}"


class Payout(models.Model):
    """A statement paid out in cash, once."""

    fee_statement = models.OneToOneField(
        FeeStatement,
        verbose_name=_("entrustment fee statement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payout",
    )
    commission_statement = models.OneToOneField(
        CommissionStatement,
        verbose_name=_("commission statement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payout",
    )
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    amount = models.BigIntegerField(_("amount"))
    paid_on = models.DateField(_("paid on"))
    journal_entry = models.OneToOneField(
        "ledger.JournalEntry",
        verbose_name=_("journal entry"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_statement__isnull=False, commission_statement__isnull=True)
                | Q(fee_statement__isnull=True, commission_statement__isnull=False),
                name="payout_one_statement",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_positive"),
        ]

    def __str__(self):
        return f"{self.fee_statement or self.commission_statement} ({self.paid_on:%d/%m/%Y})"
