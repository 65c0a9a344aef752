"""The office's credit plan (kế hoạch tín dụng) for a year and its allocation.

A plan is the office's for one calendar year (`CreditPlan`). What it says comes in versions
(`PlanVersion`), each with the decision that set it: the bank adjusts its plan during the year,
so a revision is a new version and the old one stays; "the plan as of a day" is the version
whose decision date is the latest on or before it. A version's lines (`PlanLine`) give, by
programme and capital source, the lending (doanh số cho vay), the collection (doanh số thu nợ)
and the growth of outstanding (tăng trưởng dư nợ) planned. Lending and collection are never
negative; a growth may be (a programme that winds down).

The plan is allocated to wards, mass-organisation units of a ward and savings-and-loan groups
(`Allocation`): amounts by line and target, each row in force from its date until a later row
of the same line and target. Nothing is edited or deleted: a change is a new row, and a target
taken off is a row of zeros. Each kind of target is a breakdown of its own (the wards share the
plan, and so do the organisations), and at no date may a breakdown's allocations in force add
up to more than the line in force (`domain/credit_plan.py`, checked by
`creditplans.services`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CreditPlan(models.Model):
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("credit plan")
        verbose_name_plural = _("credit plans")
        ordering = ["-year", "office__name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="creditplan_office_year")
        ]

    def __str__(self):
        return _("Credit plan %(year)s – %(office)s") % {"year": self.year, "office": self.office}

    def get_absolute_url(self):
        return reverse("creditplans:plan", args=[self.pk])


class PlanVersion(models.Model):
    plan = models.ForeignKey(
        CreditPlan, verbose_name=_("credit plan"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit plan version")
        verbose_name_plural = _("credit plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_number"),
            models.UniqueConstraint(fields=["plan", "decision_date"], name="planversion_day"),
        ]

    def __str__(self):
        return f"{self.decision_number} ({self.decision_date:%d/%m/%Y})"


class PlanLine(models.Model):
    version = models.ForeignKey(
        PlanVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="lines"
    )
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.PROTECT
    )
    source = models.ForeignKey(
        "capital.CapitalSource", verbose_name=_("capital source"), on_delete=models.PROTECT
    )
    lending = models.BigIntegerField(_("lending (đồng)"))
    collection = models.BigIntegerField(_("collection (đồng)"))
    growth = models.BigIntegerField(_("growth of outstanding (đồng)"))

    class Meta:
        verbose_name = _("credit plan line")
        verbose_name_plural = _("credit plan lines")
        ordering = ["version", "programme__code", "source__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "programme", "source"], name="planline_unique"
            ),
            models.CheckConstraint(
                condition=Q(lending__gte=0, collection__gte=0), name="planline_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.programme} – {self.source}"


class TargetKind(models.TextChoices):
    WARD = "ward", _("ward")
    ORGANISATION = "organisation", _("mass-organisation unit")
    GROUP = "group", _("savings-and-loan group")


class Allocation(models.Model):
    plan = models.ForeignKey(
        CreditPlan, verbose_name=_("credit plan"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.PROTECT
    )
    source = models.ForeignKey(
        "capital.CapitalSource", verbose_name=_("capital source"), on_delete=models.PROTECT
    )
    kind = models.CharField(_("allocated to"), max_length=12, choices=TargetKind.choices)
    ward = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "network.MassOrganisation",
        verbose_name=_("mass-organisation unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    group = models.ForeignKey(
        "network.SavingsGroup",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("in force from"))
    lending = models.BigIntegerField(_("lending (đồng)"))
    collection = models.BigIntegerField(_("collection (đồng)"))
    growth = models.BigIntegerField(_("growth of outstanding (đồng)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit plan allocation")
        verbose_name_plural = _("credit plan allocations")
        ordering = ["plan", "kind", "valid_from", "id"]
        indexes = [models.Index(fields=["plan", "kind"], name="allocation_plan_kind")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="ward",
                        ward__isnull=False,
                        organisation__isnull=True,
                        group__isnull=True,
                    )
                    | Q(
                        kind="organisation",
                        ward__isnull=True,
                        organisation__isnull=False,
                        group__isnull=True,
                    )
                    | Q(
                        kind="group",
                        ward__isnull=True,
                        organisation__isnull=True,
                        group__isnull=False,
                    )
                ),
                name="allocation_one_target",
            ),
            models.CheckConstraint(
                condition=Q(lending__gte=0, collection__gte=0), name="allocation_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.target} – {self.programme} – {self.source} ({self.valid_from:%d/%m/%Y})"

    @property
    def target(self):
        return self.ward or self.organisation or self.group

    @property
    def target_id(self) -> int:
        return self.ward_id or self.organisation_id or self.group_id
