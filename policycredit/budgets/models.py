"""A budget level's yearly entrustment from plan to use, kept beside the capital app's books.

The money itself is the capital app's: a transfer is an `EntrustmentDecision` (posted to the
office's books, four-eyes gated), a recall and a hand-over are journal entries. This app keeps
what the entrusting government decided and how each movement answers to it: the plan of a year
(the estimate in the budget and the People's Committee's decision), which posted decisions are
that plan's transfers, the recalls, the use of the interest earned, and the hand-over of an
abolished district's capital to its successors. Capital never points up here: the links live
on this side.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BudgetPlan(models.Model):
    """One year's entrustment plan of one budget (a capital source) to one bank office."""

    source = models.ForeignKey(
        "capital.CapitalSource",
        verbose_name=_("capital source"),
        on_delete=models.PROTECT,
        related_name="budget_plans",
    )
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("receiving office"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Dự toán: the amount the People's Council put in the year's budget.
    planned = models.BigIntegerField(_("amount in the budget estimate (đồng)"))
    estimate_document = models.CharField(
        _("People's Council resolution / budget document"), max_length=200
    )
    estimate_date = models.DateField(_("date of the budget document"))
    # Quyết định: the People's Committee's decision to entrust it (empty until decided).
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided = models.BigIntegerField(_("amount decided (đồng)"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("budget entrustment plan")
        verbose_name_plural = _("budget entrustment plans")
        ordering = ["-year", "source__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "office", "year"], name="budget_plan_one_per_year"
            ),
            models.CheckConstraint(condition=Q(planned__gte=0), name="budget_plan_planned_ge0"),
            models.CheckConstraint(condition=Q(decided__gte=0), name="budget_plan_decided_ge0"),
        ]

    def __str__(self):
        return f"{self.source} – {self.year}"

    def clean(self):
        errors = {}
        if self.year is not None and not 1990 <= self.year <= 2100:
            errors["year"] = _("Give the year as four digits.")
        if self.decided and not (self.decision_number and self.decision_date):
            errors["decision_number"] = _("A decided amount needs its decision number and date.")
        if self.decision_date and self.estimate_date and self.decision_date < self.estimate_date:
            errors["decision_date"] = _("The decision cannot come before the budget document.")
        if self.source_id and self.source.level == "central":
            errors["source"] = _("Only a local budget makes an entrustment plan here.")
        if errors:
            raise ValidationError(errors)


class Transfer(models.Model):
    """A posted entrustment decision that is money of ``plan`` arriving at the bank."""

    plan = models.ForeignKey(
        BudgetPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="transfers"
    )
    decision = models.OneToOneField(
        "capital.EntrustmentDecision",
        verbose_name=_("entrustment decision"),
        on_delete=models.PROTECT,
        related_name="budget_transfer",
    )
    office = models.ForeignKey("geo.Office", on_delete=models.PROTECT, editable=False)

    class Meta:
        verbose_name = _("budget transfer")
        verbose_name_plural = _("budget transfers")
        ordering = ["decision__date", "id"]

    def __str__(self):
        return str(self.decision)


class Recall(models.Model):
    """Money returned to the budget (thu hồi): the reverse of an entrustment, posted."""

    plan = models.ForeignKey(
        BudgetPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="recalls"
    )
    office = models.ForeignKey("geo.Office", on_delete=models.PROTECT, editable=False)
    date = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount (đồng)"))
    document = models.CharField(_("recall decision"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    entry = models.OneToOneField(
        "ledger.JournalEntry", on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("capital recall")
        verbose_name_plural = _("capital recalls")
        ordering = ["date", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="recall_positive")]

    def __str__(self):
        return f"{self.document} ({self.date:%d/%m/%Y})"


class InterestUse(models.TextChoices):
    CAPITAL = "capital", _("added to the entrusted capital")
    RISK = "risk", _("risk provision")
    MANAGEMENT = "management", _("management costs")
    OTHER = "other", _("other use the budget decides")


class InterestUseRule(models.Model):
    """One use's share of the interest earned on local money, in force from ``valid_from``; the
    rows with the same start date make one rule (their shares sum to 100 %)."""

    valid_from = models.DateField(_("valid from"))
    use = models.CharField(_("use"), max_length=12, choices=InterestUse.choices)
    share = models.DecimalField(_("share (%)"), max_digits=6, decimal_places=3)
    source = models.CharField(_("note / source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("interest use rule")
        verbose_name_plural = _("interest use rules")
        ordering = ["-valid_from", "use"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from", "use"], name="interest_use_once"),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=100),
                name="interest_share_percent",
                violation_error_message=_("A share is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self):
        return f"{self.get_use_display()} {self.share} % ({self.valid_from:%d/%m/%Y})"


class InterestAllocation(models.Model):
    """The interest a source's loans earned at an office in a period, and its use by the rule
    in force at the period's end. A record of the act: the uses are decided by the budget and
    carried out by their own acts (an addition to the capital is a new entrustment)."""

    source = models.ForeignKey(
        "capital.CapitalSource", verbose_name=_("capital source"), on_delete=models.PROTECT
    )
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    earned = models.BigIntegerField(_("interest earned (đồng)"))
    rule_from = models.DateField(_("rule in force from"))
    document = models.CharField(_("decision on its use"), max_length=200)
    date = models.DateField(_("decision date"))

    class Meta:
        verbose_name = _("interest allocation")
        verbose_name_plural = _("interest allocations")
        ordering = ["-period_to", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "office", "period_from", "period_to"],
                name="interest_allocation_once",
            ),
            models.CheckConstraint(condition=Q(earned__gte=0), name="interest_earned_ge0"),
        ]

    def __str__(self):
        return f"{self.source}: {self.period_from:%d/%m/%Y}–{self.period_to:%d/%m/%Y}"


class InterestPart(models.Model):
    allocation = models.ForeignKey(
        InterestAllocation, on_delete=models.PROTECT, related_name="parts"
    )
    use = models.CharField(_("use"), max_length=12, choices=InterestUse.choices)
    share = models.DecimalField(_("share (%)"), max_digits=6, decimal_places=3)
    amount = models.BigIntegerField(_("amount (đồng)"))

    class Meta:
        ordering = ["allocation", "id"]

    def __str__(self):
        return f"{self.get_use_display()}: {self.amount:,}"


class Handover(models.Model):
    """An abolished budget's capital at an office handed to its successor budgets by decision
    (01/07/2025: the districts). The loans keep their source, for history; the capital they
    stand on is owed to the successors from ``date``."""

    source = models.ForeignKey(
        "capital.CapitalSource",
        verbose_name=_("budget handing over"),
        on_delete=models.PROTECT,
        related_name="handovers",
    )
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    date = models.DateField(_("effective from"))
    document = models.CharField(_("decision"), max_length=200)
    document_date = models.DateField(_("decision date"))
    note = models.TextField(_("note"), blank=True)
    entry = models.OneToOneField(
        "ledger.JournalEntry", on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("capital hand-over")
        verbose_name_plural = _("capital hand-overs")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.source} → {self.document} ({self.date:%d/%m/%Y})"

    @property
    def total(self) -> int:
        return sum(share.amount for share in self.shares.all())


class HandoverShare(models.Model):
    handover = models.ForeignKey(Handover, on_delete=models.PROTECT, related_name="shares")
    successor = models.ForeignKey(
        "capital.CapitalSource",
        verbose_name=_("successor budget"),
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    amount = models.BigIntegerField(_("amount (đồng)"))

    class Meta:
        ordering = ["handover", "id"]
        constraints = [
            models.UniqueConstraint(fields=["handover", "successor"], name="handover_share_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="handover_share_positive"),
        ]

    def __str__(self):
        return f"{self.successor}: {self.amount:,}"
