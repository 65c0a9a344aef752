"""Administrative units with their history, bank offices and transaction points.

Units are never edited into other units. The July 2025 reform closed the districts and old
wards (valid_to = 30/06/2025) and opened new wards (valid_from = 01/07/2025); `Succession`
rows say which old unit (or which part of it) became which new one, so a question can be asked
in either direction and a report can cross the change.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from policycredit.common.models import Validity


class Level(models.TextChoices):
    PROVINCE = "province", _("province / city")
    DISTRICT = "district", _("district")
    WARD = "ward", _("ward / commune")


class AdminUnit(Validity):
    # The statistics office reuses a closed unit's code for a new one (a new ward takes the code
    # of the old ward where it has its seat), so a code is unique only with its start date.
    code = models.CharField(_("code"), max_length=20, db_index=True)
    name = models.CharField(_("name"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_from_unique")
        ]

    def __str__(self):
        if self.valid_to is not None:
            return f"{self.name} (–{self.valid_to:%m/%Y})"
        return self.name

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("'Valid to' cannot be before 'valid from'.")})
        if self.level == Level.PROVINCE and self.parent_id:
            raise ValidationError({"parent": _("A province belongs to no other unit.")})
        if self.level == Level.DISTRICT and self.parent_id and self.parent.level != Level.PROVINCE:
            raise ValidationError({"parent": _("A district must belong to a province.")})
        # Since July 2025 a ward belongs directly to its province; before, to a district.
        if self.level == Level.WARD and self.parent_id and self.parent.level == Level.WARD:
            raise ValidationError({"parent": _("A ward must belong to a district or province.")})


class Succession(models.Model):
    """Old unit `predecessor` went (wholly or in part) into new unit `successor`."""

    predecessor = models.ForeignKey(
        AdminUnit,
        verbose_name=_("old unit"),
        on_delete=models.PROTECT,
        related_name="successions",
    )
    successor = models.ForeignKey(
        AdminUnit,
        verbose_name=_("new unit"),
        on_delete=models.PROTECT,
        related_name="predecessions",
    )
    effective = models.DateField(_("effective from"))
    whole = models.BooleanField(
        _("whole unit"), default=True, help_text=_("Unticked when only part of the old unit.")
    )
    primary = models.BooleanField(
        _("main successor"),
        default=True,
        help_text=_(
            "The new unit that took over the old unit's office; records of the old unit "
            "are reported under it."
        ),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_pair_unique"
            ),
            models.UniqueConstraint(
                fields=["predecessor"],
                condition=models.Q(primary=True),
                name="succession_one_primary",
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"

    def clean(self):
        if self.predecessor_id and self.predecessor_id == self.successor_id:
            raise ValidationError(_("A unit cannot succeed itself."))


class Office(models.Model):
    """A district transaction office of the bank (Phòng giao dịch NHCSXH)."""

    code = models.CharField(_("office code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey(
        AdminUnit,
        verbose_name=_("area served"),
        on_delete=models.PROTECT,
        help_text=_("The district the office serves, under its old name after 2025."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("bank office")
        verbose_name_plural = _("bank offices")
        ordering = ["code"]

    def __str__(self):
        return self.name


class TransactionPoint(models.Model):
    """A ward/commune transaction point (điểm giao dịch) with its fixed monthly day."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT)
    ward = models.ForeignKey(
        AdminUnit,
        verbose_name=_("ward / commune"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": Level.WARD},
    )
    address = models.CharField(_("address"), max_length=255)
    day_of_month = models.PositiveSmallIntegerField(
        _("transaction day of the month"),
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    active = models.BooleanField(_("in operation"), default=True)

    class Meta:
        verbose_name = _("transaction point")
        verbose_name_plural = _("transaction points")
        ordering = ["office", "day_of_month", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.ward_id and self.ward.level != Level.WARD:
            raise ValidationError({"ward": _("Choose a ward or commune.")})
