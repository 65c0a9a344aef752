"""Households, their members, and the poverty status a ward certified for them year by year."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from policycredit.domain.cccd import CCCDError, mask_cccd, normalize_cccd, validate_cccd
from policycredit.domain.text import fold


def _cccd_messages():
    return {
        "length": _("A citizen ID (CCCD) has exactly 12 digits; this one has %(count)d."),
        "digits": _("A citizen ID (CCCD) contains digits only."),
        "province": _(
            "The first three digits of a citizen ID (CCCD) are a province code; "
            "'%(prefix)s' is not one."
        ),
    }


def cccd_validator(value: str) -> None:
    try:
        validate_cccd(value)
    except CCCDError as error:
        message = _cccd_messages().get(error.code)
        if message is None:
            raise ValidationError(str(error), code=f"cccd_{error.code}") from error
        raise ValidationError(
            message,
            code=f"cccd_{error.code}",
            params={"count": len(value), "prefix": value[:3]},
        ) from error


class CCCDField(models.CharField):
    """A citizen ID typed with spaces or dots ("001 085 000 042") is stored as its 12 digits."""

    # Read by the admin's base (`accounts.admin_base.touches_identity_number`): never
    # filtered, sorted or searched by range on any screen.
    identity_number = True

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_cccd(value) if value else value

    def formfield(self, **kwargs):
        # Room for separators in the box; the 12-digit rule is the validator's to state.
        return super().formfield(**{**kwargs, "max_length": 20})


class SearchKeyField(models.TextField):
    """The folded form (`domain.text.fold`) of another field of the row: the key the search
    compares, so "nguyen duc duc" finds "Nguyễn Đức Đức" on any database with a plain LIKE
    (on PostgreSQL backed by a trigram index, migration 0004).

    Derived on every write, never typed: `save()` takes it through `pre_save`, and the project's
    bulk writer (`common.bulk.create`) asks `derive` for each row it inserts."""

    def __init__(self, *args, source: str = "", **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        kwargs.pop("default", None)
        return name, path, args, kwargs

    def derive(self, instance) -> str:
        return fold(getattr(instance, self.source) or "")

    def pre_save(self, model_instance, add):
        value = self.derive(model_instance)
        setattr(model_instance, self.attname, value)
        return value


class Household(models.Model):
    code = models.CharField(_("household code"), max_length=30, unique=True)
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    ward = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("ward / commune"), on_delete=models.PROTECT
    )
    village = models.CharField(_("residential group / village"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=255)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    head = models.ForeignKey(
        "Person",
        verbose_name=_("head of household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.head.full_name}" if self.head_id else self.code

    def clean(self):
        if self.ward_id and self.ward.level != "ward":
            raise ValidationError({"ward": _("Choose a ward or commune.")})
        # The head is one of the household's own members: a person of another household
        # made head here would be shown in this ward's lists, and this one in the other's.
        if self.head_id and (self.pk is None or self.head.household_id != self.pk):
            raise ValidationError(
                {
                    "head": ValidationError(
                        _(
                            "The head of a household must be one of its members; %(person)s "
                            "belongs to household %(household)s."
                        ),
                        code="head_of_another_household",
                        params={
                            "person": self.head.full_name,
                            "household": self.head.household.code,
                        },
                    )
                }
            )


class Gender(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Person(models.Model):
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    name_search = SearchKeyField(source="full_name")
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    cccd = CCCDField(
        _("citizen ID (CCCD)"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[cccd_validator],
        help_text=_("12 digits; the first three are the province code."),
    )
    relation = models.CharField(_("relation to the head"), max_length=50, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, default="Kinh")
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, editable=False
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["household", "id"]

    def __str__(self):
        return self.full_name

    def save(self, *args, update_fields=None, **kwargs):
        # A save of the name alone saves its search key with it.
        if update_fields is not None and "full_name" in update_fields:
            update_fields = {*update_fields, "name_search"}
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def cccd_masked(self) -> str:
        return mask_cccd(self.cccd or "")

    def clean(self):
        if self.cccd == "":
            self.cccd = None
        if self.pk is not None and self.household_id:
            headed = (
                Household.objects.filter(head_id=self.pk)
                .exclude(pk=self.household_id)
                .values_list("code", flat=True)
                .first()
            )
            if headed:
                raise ValidationError(
                    {
                        "household": ValidationError(
                            _(
                                "%(person)s is the head of household %(household)s; choose "
                                "another head there before moving them."
                            ),
                            code="head_of_another_household",
                            params={"person": self.full_name, "household": headed},
                        )
                    }
                )


class PovertyStatus(models.TextChoices):
    POOR = "poor", _("poor")
    NEAR_POOR = "near_poor", _("near-poor")
    ESCAPED = "escaped", _("newly escaped poverty")
    NONE = "none", _("not on the lists")


class PovertyRecord(models.Model):
    """The status certified for a household for one year, with the certifying decision."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="poverty_records",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("poverty status"), max_length=10, choices=PovertyStatus.choices)
    decision = models.CharField(_("certifying decision"), max_length=100, blank=True)
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, editable=False
    )

    class Meta:
        verbose_name = _("poverty status")
        verbose_name_plural = _("poverty status history")
        ordering = ["household", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="poverty_household_year")
        ]

    def __str__(self):
        return f"{self.year}: {PovertyStatus(self.status).label}"

    def clean(self):
        if self.year is not None and not 1990 <= self.year <= 2100:
            raise ValidationError({"year": _("Enter a year between 1990 and 2100.")})
