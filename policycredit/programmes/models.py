"""Lending programmes and their terms, versioned by effective date.

A government decision changes a rate or a ceiling from a date; the old version keeps its rows
so that a loan can always say which terms it was given.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from policycredit.common.models import Validity


class Channel(models.TextChoices):
    ENTRUSTED = "entrusted", _("entrusted through mass organisations")
    DIRECT = "direct", _("direct lending")


class Programme(models.Model):
    code = models.CharField(_("programme code"), max_length=20, unique=True)
    bank_code = models.CharField(
        _("bank's programme code"),
        max_length=10,
        blank=True,
        help_text=_("The number the bank's exports give the programme (Mã chương trình): 1, 3…"),
    )
    name = models.CharField(_("name"), max_length=200)
    channel = models.CharField(
        _("delivery channel"), max_length=10, choices=Channel.choices, default=Channel.ENTRUSTED
    )
    records_jobs = models.BooleanField(_("records jobs created"), default=False)
    active = models.BooleanField(_("open for new loans"), default=True)

    class Meta:
        verbose_name = _("lending programme")
        verbose_name_plural = _("lending programmes")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank_code"],
                condition=~models.Q(bank_code=""),
                name="programme_bank_code_unique",
            )
        ]

    def __str__(self):
        return self.name


class DayBasis(models.IntegerChoices):
    MONTH_30 = 30, _("monthly rate ÷ 30 days")
    YEAR_365 = 365, _("annual rate ÷ 365 days")


class ProgrammeTerms(Validity):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="terms"
    )
    monthly_rate = models.DecimalField(
        _("interest rate (% per month)"),
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )
    overdue_factor = models.DecimalField(
        _("overdue rate factor"),
        max_digits=5,
        decimal_places=3,
        default=Decimal("1.3"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("Overdue principal accrues at the contract rate times this factor."),
    )
    day_basis = models.PositiveSmallIntegerField(
        _("day basis"), choices=DayBasis.choices, default=DayBasis.MONTH_30
    )
    max_amount = models.BigIntegerField(
        _("maximum loan (đồng)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty when the ceiling is set otherwise (by price, by contract cost)."),
    )
    max_amount_business = models.BigIntegerField(
        _("maximum loan to a business establishment (đồng)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Job creation: the ceiling for a production or business establishment."),
    )
    max_per_job = models.BigIntegerField(
        _("maximum per job (đồng)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Job creation: at most this much per job created or maintained."),
    )
    max_term_months = models.PositiveSmallIntegerField(
        _("maximum term (months)"), null=True, blank=True
    )
    collateral_threshold = models.BigIntegerField(
        _("collateral required above (đồng)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # The ceiling on extensions is a share of the loan's original term, so one rule fits every
    # loan of the programme whatever its term (domain.schedule.extension_ceiling).
    extension_short_percent = models.PositiveSmallIntegerField(
        _("longest total extension, short-term loan (% of its term)"),
        default=100,
        validators=[MaxValueValidator(1000)],
        help_text=_(
            "Loans of up to 12 months: all their extensions together may move the maturity "
            "by at most this share of the original term. Default 100 %: the bank's lending "
            "guidance (extension of a short-term loan at most equal to its term); unverified "
            "against the current text, a default for the office to set."
        ),
    )
    extension_long_percent = models.PositiveSmallIntegerField(
        _("longest total extension, medium or long-term loan (% of its term)"),
        default=50,
        validators=[MaxValueValidator(1000)],
        help_text=_(
            "Loans of more than 12 months: all their extensions together may move the "
            "maturity by at most this share of the original term. Default 50 %: the bank's "
            "lending guidance (at most half the term); unverified against the current text, "
            "a default for the office to set."
        ),
    )
    rate_rule = models.CharField(
        _("how the rate is set"),
        max_length=200,
        blank=True,
        # xgettext:no-python-format
        help_text=_("E.g. 125% of the poor-household rate."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("programme terms")
        verbose_name_plural = _("programme terms")
        ordering = ["programme", "-valid_from"]

    def __str__(self):
        start = f"{self.valid_from:%d/%m/%Y}" if self.valid_from else "…"
        return f"{self.programme} ({start})"

    @property
    def annual_rate(self) -> Decimal:
        return self.monthly_rate * 12

    def clean(self):
        if self.valid_from is None:
            raise ValidationError({"valid_from": _("Terms need the date they take effect.")})
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("'Valid to' cannot be before 'valid from'.")})
        if self.programme_id is None:
            return
        others = ProgrammeTerms.objects.filter(programme_id=self.programme_id).exclude(pk=self.pk)
        for other in others:
            if _overlap(self.valid_from, self.valid_to, other.valid_from, other.valid_to):
                raise ValidationError(
                    _(
                        "These terms overlap the version in force from %(start)s: "
                        "end that version first or choose another start date."
                    )
                    % {"start": f"{other.valid_from:%d/%m/%Y}"},
                    code="terms_overlap",
                )


def _overlap(a_from, a_to, b_from, b_to) -> bool:
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)
