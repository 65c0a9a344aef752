"""Capital sources and the entrustment decisions by which budgets hand money to the bank."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceLevel(models.TextChoices):
    CENTRAL = "central", _("central budget")
    PROVINCE = "province", _("province / city budget")
    DISTRICT = "district", _("district budget")
    COMMUNE = "commune", _("ward / commune budget")
    OTHER = "other", _("other")


class CapitalSource(models.Model):
    code = models.CharField(_("source code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=SourceLevel.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("budget of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("The province, district or commune whose budget this is."),
    )

    class Meta:
        verbose_name = _("capital source")
        verbose_name_plural = _("capital sources")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.level in {SourceLevel.PROVINCE, SourceLevel.DISTRICT, SourceLevel.COMMUNE} and (
            self.unit_id is None
        ):
            raise ValidationError({"unit": _("A local budget source needs its unit.")})


class EntrustmentDecision(models.Model):
    """A decision entrusting budget money to a bank office for the programmes it names."""

    source = models.ForeignKey(
        CapitalSource,
        verbose_name=_("capital source"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("receiving office"), on_delete=models.PROTECT
    )
    number = models.CharField(_("decision number"), max_length=100)
    date = models.DateField(_("decision date"))
    amount = models.BigIntegerField(_("amount (đồng)"))
    programmes = models.ManyToManyField(
        "programmes.Programme", verbose_name=_("programmes it may fund")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("entrustment decision")
        verbose_name_plural = _("entrustment decisions")
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="decision_number_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="decision_amount_positive",
                violation_error_message=_(
                    "The amount entrusted must be a positive whole number of đồng."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"

    def clean(self):
        if self.amount is not None and self.amount <= 0:
            raise ValidationError(
                {"amount": _("The amount entrusted must be a positive whole number of đồng.")}
            )
