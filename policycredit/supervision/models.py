"""Supervision of the entrusted lending by the entrusting side: each year's plan of who checks
what, the record of each check, the findings it made and their follow-up to resolution.

Who checks: a member of the Board of Representatives (the ward chairs check their wards), a
level of a mass organisation (its groups) or the bank's office (its transaction points). A
checker is a user of the system or a person named in words: most ward chairs never sign in.

Every planned line, check and finding carries the office, the ward and (for a group) the
organisation it concerns, copied from its target when written, so that each role's scope is
one filter (`selectors`) and a group's later move does not move the history of its checks.

Checks are corrected by a newer record that supersedes them (`inspections.models.Corrected`);
follow-up notes are append-only; a finding is resolved once, with a note and a date.
The kinds of finding are data (`FindingKind`, seeded by migration 0002).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from policycredit.common.models import AppendOnly
from policycredit.inspections.models import Corrected


class CheckerKind(models.TextChoices):
    BOARD_MEMBER = "board_member", _("Board of Representatives member")
    ORGANISATION = "organisation", _("mass organisation")
    BANK = "bank", _("the bank's office")


class FindingKind(models.Model):
    """A kind of finding the summary counts by; retired kinds stay for the records made."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("kind of finding"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"))
    active = models.BooleanField(_("in use"), default=True)
    source = models.CharField(_("note / source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kind of finding")
        verbose_name_plural = _("kinds of finding")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class Placed(models.Model):
    """Who checks (kind, user or name, organisation) and what (one ward, group or point), with
    the office, ward and organisation the row belongs to for scoping."""

    checker_kind = models.CharField(_("checker"), max_length=15, choices=CheckerKind.choices)
    checker_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checker (user)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checker_name = models.CharField(_("checker (name)"), max_length=200, blank=True)
    checker_organisation = models.ForeignKey(
        "network.MassOrganisation",
        verbose_name=_("checking organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_ward = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("ward checked"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_group = models.ForeignKey(
        "network.SavingsGroup",
        verbose_name=_("group checked"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_point = models.ForeignKey(
        "geo.TransactionPoint",
        verbose_name=_("transaction point checked"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
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
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def target(self):
        return self.target_ward or self.target_group or self.target_point

    @property
    def checker(self) -> str:
        """The checker as the plan and the summary print it."""
        person = ""
        if self.checker_user_id:
            person = self.checker_user.get_full_name() or self.checker_user.username
        person = person or self.checker_name
        if self.checker_organisation_id:
            return (
                f"{person} ({self.checker_organisation.name})"
                if person
                else (self.checker_organisation.name)
            )
        return person


def _one_target():
    return models.CheckConstraint(
        condition=(
            Q(target_ward__isnull=False, target_group__isnull=True, target_point__isnull=True)
            | Q(target_ward__isnull=True, target_group__isnull=False, target_point__isnull=True)
            | Q(target_ward__isnull=True, target_group__isnull=True, target_point__isnull=False)
        ),
        name="%(class)s_one_target",
    )


def _named_checker():
    return models.CheckConstraint(
        condition=Q(checker_user__isnull=False) | ~Q(checker_name=""),
        name="%(class)s_checker_named",
    )


class SupervisionPlan(models.Model):
    """One office's area's plan of checks for one calendar year."""

    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")
        ordering = ["-year", "office__code"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="supervisionplan_one_a_year")
        ]

    def __str__(self):
        return f"{self.office.name} {self.year}"

    def get_absolute_url(self):
        return reverse("supervision:plan", args=[self.pk])


class PlanLine(Placed):
    """A planned check: who checks what in which month. A line is withdrawn, never deleted."""

    plan = models.ForeignKey(
        SupervisionPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="lines"
    )
    month = models.PositiveSmallIntegerField(_("month planned"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason withdrawn"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("planned check")
        verbose_name_plural = _("planned checks")
        ordering = ["plan", "month", "checker_kind", "id"]
        constraints = [
            _one_target(),
            _named_checker(),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="planline_month_of_year"
            ),
        ]

    def __str__(self):
        return f"{self.plan.year}/{self.month:02d} {self.checker}: {self.target}"


class SupervisionCheck(Corrected, Placed):
    """The record of one check made, from a planned line or not."""

    line = models.ForeignKey(
        PlanLine,
        verbose_name=_("planned check"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checks",
    )
    checked_on = models.DateField(_("checked on"))
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("supervision check")
        verbose_name_plural = _("supervision checks")
        ordering = ["-checked_on", "-id"]
        constraints = [
            _one_target(),
            _named_checker(),
            # A planned line is done by one check; a mistake in it is corrected, not repeated.
            models.UniqueConstraint(
                fields=["line"],
                condition=Q(supersedes__isnull=True, line__isnull=False),
                name="supervisioncheck_one_per_line",
            ),
        ]

    def __str__(self):
        return f"{self.checked_on:%d/%m/%Y} {self.checker}: {self.target}"

    def get_absolute_url(self):
        return reverse("supervision:check", args=[self.pk])


class Finding(models.Model):
    """What a check found, who follows it up by when, and how it was resolved."""

    check_record = models.ForeignKey(
        SupervisionCheck,
        verbose_name=_("check"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    kind = models.ForeignKey(FindingKind, verbose_name=_("kind"), on_delete=models.PROTECT)
    description = models.TextField(_("what was found"))
    found_on = models.DateField(_("found on"))
    loan = models.ForeignKey(
        "loans.Loan",
        verbose_name=_("loan"),
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
    point = models.ForeignKey(
        "geo.TransactionPoint",
        verbose_name=_("transaction point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followed up by (user)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up_name = models.CharField(_("followed up by (name)"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(pgettext_lazy("finding", "resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
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
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = pgettext_lazy("supervision", "findings")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("found_on")), name="finding_due_after_found"
            ),
            models.CheckConstraint(
                condition=Q(follow_up_user__isnull=False) | ~Q(follow_up_name=""),
                name="finding_follow_up_named",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True)
                | Q(resolved_on__gte=models.F("found_on"), resolution__gt=""),
                name="finding_resolution_complete",
            ),
        ]

    def __str__(self):
        return f"{self.kind.name} {self.found_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("supervision:finding", args=[self.pk])

    @property
    def follow_up_by(self) -> str:
        if self.follow_up_user_id:
            return self.follow_up_user.get_full_name() or self.follow_up_user.username
        return self.follow_up_name

    def overdue_on(self, day) -> bool:
        return self.resolved_on is None and self.due_on < day


class FollowUpNote(AppendOnly, models.Model):
    """What was done about a finding, noted as it happens; never edited."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.PROTECT, related_name="notes"
    )
    noted_on = models.DateField(_("on"))
    note = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")
        ordering = ["noted_on", "id"]

    def __str__(self):
        return f"{self.noted_on:%d/%m/%Y}: {self.note[:40]}"
