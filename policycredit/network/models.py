"""Mass organisations and their savings-and-loan groups (Tổ TK&VV) with membership history."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from policycredit.common.selectors import rule


class OrganisationKind(models.TextChoices):
    WOMEN = "women", _("Women's Union")
    FARMERS = "farmers", _("Farmers' Union")
    VETERANS = "veterans", _("Veterans' Association")
    YOUTH = "youth", _("Youth Union")


# How the bank abbreviates each organisation (an entrusted unit whose own code is not known).
BANK_ABBREVIATION = {
    OrganisationKind.WOMEN: "HPN",
    OrganisationKind.FARMERS: "HND",
    OrganisationKind.VETERANS: "CCB",
    OrganisationKind.YOUTH: "ĐTN",
}


class OrganisationLevel(models.TextChoices):
    CENTRAL = "central", _("central")
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    WARD = "ward", _("ward / commune")


class MassOrganisation(models.Model):
    """One level of one mass organisation in one unit, e.g. the Women's Union of a ward."""

    kind = models.CharField(_("organisation"), max_length=10, choices=OrganisationKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=OrganisationLevel.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("administrative unit"), on_delete=models.PROTECT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("upper level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    bank_code = models.CharField(
        _("bank's code"),
        max_length=20,
        blank=True,
        help_text=_("The code the bank's exports give this entrusted unit (Mã ĐVUT)."),
    )

    class Meta:
        verbose_name = _("mass-organisation unit")
        verbose_name_plural = _("mass-organisation units")
        ordering = ["unit__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit"], name="organisation_kind_unit_unique")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent.kind != self.kind:
            raise ValidationError({"parent": _("The upper level must be the same organisation.")})


class SavingsGroup(models.Model):
    """A savings-and-loan group of 3–60 households of one neighbourhood."""

    code = models.CharField(_("group code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        MassOrganisation, verbose_name=_("managing organisation"), on_delete=models.PROTECT
    )
    transaction_point = models.ForeignKey(
        "geo.TransactionPoint", verbose_name=_("transaction point"), on_delete=models.PROTECT
    )
    # Copied from the transaction point by the service: the distribution key of large tables.
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, editable=False
    )
    leader = models.ForeignKey(
        "borrowers.Person",
        verbose_name=_("group leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups_led",
    )
    founded = models.DateField(_("founded on"))
    closed = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("savings-and-loan group")
        verbose_name_plural = _("savings-and-loan groups")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.closed and self.founded and self.closed < self.founded:
            raise ValidationError({"closed": _("A group cannot close before it was founded.")})


class Membership(models.Model):
    """A household's membership of a group from `joined` until `left` (open while a member)."""

    group = models.ForeignKey(
        SavingsGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="memberships"
    )
    household = models.ForeignKey(
        "borrowers.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined = models.DateField(_("joined on"))
    left = models.DateField(_("left on"), null=True, blank=True)
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, editable=False
    )

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "-joined"]
        indexes = [models.Index(fields=["household", "left"], name="membership_household_idx")]

    def __str__(self):
        return f"{self.household} – {self.group}"

    def clean(self):
        if self.left and self.joined and self.left < self.joined:
            raise ValidationError({"left": _("A household cannot leave before it joined.")})
        if self.left is None and self.group_id and self.household_id and self.joined:
            self._check_open_membership()

    def _check_open_membership(self):
        active = Membership.objects.filter(left__isnull=True).exclude(pk=self.pk)
        if active.filter(group_id=self.group_id, household_id=self.household_id).exists():
            raise ValidationError(_("This household is already a member of this group."))
        maximum = rule("network.group_max_members", self.joined)
        count = active.filter(group_id=self.group_id).count()
        if count >= maximum:
            raise ValidationError(
                _("Group %(group)s already has %(count)d members; a group has at most %(max)d.")
                % {"group": self.group, "count": count, "max": maximum},
                code="group_full",
            )
        if not rule("network.household_in_several_groups", self.joined):
            other = active.filter(household_id=self.household_id).select_related("group").first()
            if other is not None:
                raise ValidationError(
                    _(
                        "This household is already a member of group %(group)s; a household "
                        "may belong to one group at a time. End that membership first."
                    )
                    % {"group": other.group},
                    code="one_group_only",
                )
