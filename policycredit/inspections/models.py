"""The field checks the organisations and the bank record: the loan-use check after a
disbursement (form 06/TD) and the yearly inspection of a savings-and-loan group (form 16/TD).

Both are append-only: a mistake is corrected by a new record that names the one it supersedes,
and the database keeps one first record per loan (per group and year) and a single chain of
corrections after it, so "the check of this loan" always means one record, the newest.

The criteria a group is graded on and the score bands of the grades are data with an effective
date (`Criterion`, `GradeBand`), seeded by migration 0002 and changed by the administrator.
So are the quality scales the reports grade groups, transaction points and organisation units
by (`QualityRule`, seeded by migration 0005; see docs/domain/quality-grading.md).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class UseOutcome(models.TextChoices):
    AS_PLANNED = "as_planned", _("used as planned")
    PARTLY = "partly", _("partly used as planned")
    NOT_USED = "not_used", _("not used as planned")


class Grade(models.TextChoices):
    # The names and order of domain.quality.GRADES: good, fair, average, weak.
    GOOD = "good", _("good")
    FAIR = "fair", _("fair")
    AVERAGE = "average", _("average")
    WEAK = "weak", _("weak")


class Corrected(models.Model):
    """A record corrected only by a newer one that names it (`supersedes`) and says why."""

    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True


class LoanUseCheck(Corrected):
    """Form 06/TD: whether the money of a loan went where the plan of use (01/TD) said."""

    loan = models.ForeignKey(
        "loans.Loan", verbose_name=_("loan"), on_delete=models.PROTECT, related_name="use_checks"
    )
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, editable=False
    )
    checked_on = models.DateField(_("checked on"))
    outcome = models.CharField(_("use of the loan"), max_length=12, choices=UseOutcome.choices)
    # The đồng found used as planned: all that was disbursed, part of it, or none.
    amount_used = models.BigIntegerField(_("amount used as planned (đồng)"))
    disbursed = models.BigIntegerField(_("disbursed when checked (đồng)"))
    jobs_new = models.PositiveIntegerField(_("new jobs verified"), null=True, blank=True)
    jobs_maintained = models.PositiveIntegerField(
        _("jobs maintained verified"), null=True, blank=True
    )
    note = models.TextField(_("findings"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("loan-use check (06/TD)")
        verbose_name_plural = _("loan-use checks (06/TD)")
        ordering = ["-checked_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan"], condition=Q(supersedes__isnull=True), name="usecheck_one_per_loan"
            ),
            models.CheckConstraint(
                condition=Q(amount_used__gte=0) & Q(amount_used__lte=models.F("disbursed")),
                name="usecheck_amount_within_disbursed",
            ),
        ]

    def __str__(self):
        return f"06/TD {self.loan.number} {self.checked_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("inspections:check", args=[self.pk])

    @property
    def misused(self) -> int:
        """The đồng not used as planned: what the bank recalls."""
        return self.disbursed - self.amount_used

    @property
    def flagged(self) -> bool:
        return self.outcome != UseOutcome.AS_PLANNED


class Criterion(models.Model):
    """One line of the group's score sheet, in force from ``valid_from``; the criteria with the
    same start date make one score sheet."""

    valid_from = models.DateField(_("valid from"))
    code = models.SlugField(_("code"), max_length=30)
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("criterion"), max_length=200)
    max_score = models.PositiveSmallIntegerField(_("most points"))
    source = models.CharField(_("note / source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("group inspection criterion")
        verbose_name_plural = _("group inspection criteria")
        ordering = ["-valid_from", "position"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from", "code"], name="criterion_code_unique"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.max_score}; {self.valid_from:%d/%m/%Y})"


class GradeBand(models.Model):
    """From ``min_percent`` % of the score sheet's points a group is graded ``grade``; the bands
    with the same start date make one scale, whose lowest band starts at 0 %."""

    valid_from = models.DateField(_("valid from"))
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    min_percent = models.DecimalField(
        _("from (% of the points)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(_("note / source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("group grade band")
        verbose_name_plural = _("group grade bands")
        ordering = ["-valid_from", "-min_percent"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from", "grade"], name="gradeband_grade_unique"),
            models.CheckConstraint(
                condition=Q(min_percent__gte=0, min_percent__lte=100),
                name="gradeband_percent",
                violation_error_code="percent_range",
                violation_error_message=_("A band starts between 0 and 100 %% of the points."),
            ),
        ]

    def __str__(self):
        return f"{self.get_grade_display()} ≥ {self.min_percent} % ({self.valid_from:%d/%m/%Y})"


class GroupInspection(Corrected):
    """Form 16/TD: the yearly inspection of one savings-and-loan group, its scores and grade."""

    group = models.ForeignKey(
        "network.SavingsGroup",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, editable=False
    )
    year = models.PositiveSmallIntegerField(_("year"))
    inspected_on = models.DateField(_("inspected on"))
    # The score sheet used: the criteria and bands in force on this day.
    sheet_from = models.DateField(_("score sheet of"))
    score = models.PositiveSmallIntegerField(_("points"))
    max_score = models.PositiveSmallIntegerField(_("most points"))
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    findings = models.TextField(_("findings"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspected by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("group inspection (16/TD)")
        verbose_name_plural = _("group inspections (16/TD)")
        ordering = ["-year", "group__code", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year"],
                condition=Q(supersedes__isnull=True),
                name="inspection_one_per_group_year",
            ),
            models.CheckConstraint(
                condition=Q(score__lte=models.F("max_score")), name="inspection_score_within_max"
            ),
        ]

    def __str__(self):
        return f"16/TD {self.group.code} {self.year}"

    def get_absolute_url(self):
        return reverse("inspections:inspection", args=[self.pk])


class InspectionScore(models.Model):
    inspection = models.ForeignKey(
        GroupInspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("inspection score")
        verbose_name_plural = _("inspection scores")
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "criterion"], name="inspectionscore_unique"
            )
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.score}"


class Subject(models.TextChoices):
    GROUP = "group", _("savings-and-loan groups")
    POINT = "point", _("transaction points")
    ORGANISATION = "organisation", _("mass-organisation units")


class QualityRule(models.Model):
    """One band of a quality scale: from ``valid_from``, a ``subject`` earns ``grade`` when it
    meets every threshold set here (see `domain.quality`). The bands of one subject with the
    same start date make one scale, best grade first; the worst has no threshold. A scale in
    force is history: a new decision is a new start date, so a past grade never changes."""

    subject = models.CharField(_("graded"), max_length=12, choices=Subject.choices)
    valid_from = models.DateField(_("valid from"))
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    overdue_below = models.DecimalField(
        _("overdue ratio under (%)"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("0: nothing overdue. Empty: not judged by this band."),
    )
    missed_at_most = models.PositiveSmallIntegerField(
        _("sessions not held on their day, at most"),
        null=True,
        blank=True,
        help_text=_("Transaction points only: in the twelve months up to the day graded."),
    )
    inspection_at_least = models.CharField(
        _("16/TD grade at least"),
        max_length=10,
        choices=Grade.choices,
        blank=True,
        help_text=_("Groups only: the grade of the group's inspection that year, when it had one."),
    )
    note = models.CharField(_("note / source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quality grading rule")
        verbose_name_plural = _("quality grading rules")
        ordering = ["subject", "-valid_from", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "valid_from", "grade"], name="qualityrule_grade_unique"
            ),
            models.CheckConstraint(
                condition=Q(overdue_below__isnull=True)
                | Q(overdue_below__gte=0, overdue_below__lte=100),
                name="qualityrule_overdue_percent",
            ),
        ]

    def __str__(self):
        day = f"{self.valid_from:%d/%m/%Y}"
        return f"{self.get_subject_display()}: {self.get_grade_display()} ({day})"

    def clean(self):
        errors = {}
        if self.missed_at_most is not None and self.subject != Subject.POINT:
            errors["missed_at_most"] = _("Only transaction points are judged by their sessions.")
        if self.inspection_at_least and self.subject != Subject.GROUP:
            errors["inspection_at_least"] = _("Only groups are judged by their 16/TD inspection.")
        if errors:
            raise ValidationError(errors)

    def criteria_text(self) -> str:
        """The thresholds in words, as a report prints the scale beneath its tables."""
        parts = []
        if self.overdue_below == 0:
            parts.append(gettext("nothing overdue"))
        elif self.overdue_below is not None:
            parts.append(
                gettext("overdue under %(percent)s %%") % {"percent": _percent(self.overdue_below)}
            )
        if self.missed_at_most is not None:
            parts.append(
                gettext("at most %(n)s sessions not held on their day") % {"n": self.missed_at_most}
            )
        if self.inspection_at_least:
            parts.append(
                gettext("graded %(grade)s or better at the 16/TD inspection, if inspected")
                % {"grade": Grade(self.inspection_at_least).label}
            )
        return "; ".join(parts) or gettext("the rest")

    def band(self) -> tuple:
        """As `domain.quality.Band` takes it."""
        return (
            self.grade,
            self.overdue_below,
            self.missed_at_most,
            self.inspection_at_least or None,
        )


def _percent(value) -> str:
    """2.5000 as 2,5 (the reports' Vietnamese decimal comma), 2.0000 as 2."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")
