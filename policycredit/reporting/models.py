"""The reporting rollup: the month-end snapshot made coarse enough to read ten years fast.

Why a rollup. `closing.Snapshot` keeps each month end down to the savings group (≈180,000
groups nationally, a few rows each: over a million rows a month, over 100 million in ten
years). A review reads a stock at each year end and the flows of each year; at group grain that
is far beyond the 3 s a review may take on the national portfolio. So each month end is rolled
up twice, from the snapshot, in one SQL statement each:

- `WardMonth`: office × ward × programme × source × organisation (the snapshot without the
  group) — what a ward or organisation officer's report, and any "by ward" table, reads;
- `OfficeMonth`: office × programme × source × kind of organisation — what an office, a
  province or the whole bank reads (a few dozen rows per office a month).

Flows are kept for the month and also **year to date**, carried from the month before, so the
flows of a whole year are read from its last month end alone: a ten-year review reads eleven
month ends, not 120. Jobs are counted on the loans first disbursed in the month (the snapshot
holds only the jobs of loans still open). `GroupClassMonth` keeps how many groups fall in each
quality class, since the class needs the group's own figures. `RollupMonth` says which month
ends are rolled up, so a report knows whether it may read them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The rollup's keys repeat the snapshot's, which the database has already checked; a month end
# rewrites hundreds of thousands of rollup rows, and a foreign-key check and an index per key
# would make that several times slower. The reports search only by month and office or ward
# (the indexes below); deleting a referenced office or unit is still refused by Django.
DERIVED = {"db_constraint": False, "db_index": False}


class RollupMonth(models.Model):
    month_end = models.DateField(_("month end"), unique=True)
    rows = models.IntegerField(_("rows"), default=0)
    refreshed_at = models.DateTimeField(_("refreshed at"), auto_now=True)

    class Meta:
        verbose_name = _("rolled-up month")
        verbose_name_plural = _("rolled-up months")
        ordering = ["-month_end"]

    def __str__(self):
        return f"{self.month_end:%m/%Y}"


class _Figures(models.Model):
    month_end = models.DateField(_("month end"))
    office = models.ForeignKey("geo.Office", on_delete=models.PROTECT, related_name="+", **DERIVED)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="+", **DERIVED
    )
    source = models.ForeignKey(
        "capital.CapitalSource", on_delete=models.PROTECT, related_name="+", **DERIVED
    )
    loans = models.IntegerField(default=0)
    borrowers = models.IntegerField(default=0)
    outstanding = models.BigIntegerField(default=0)
    overdue = models.BigIntegerField(default=0)
    frozen = models.BigIntegerField(default=0)
    disbursed = models.BigIntegerField(default=0)
    collected = models.BigIntegerField(default=0)
    interest = models.BigIntegerField(default=0)
    jobs_new = models.IntegerField(default=0)
    jobs_maintained = models.IntegerField(default=0)
    disbursed_ytd = models.BigIntegerField(default=0)
    collected_ytd = models.BigIntegerField(default=0)
    interest_ytd = models.BigIntegerField(default=0)
    jobs_new_ytd = models.IntegerField(default=0)
    jobs_maintained_ytd = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.month_end:%m/%Y}: {self.outstanding:,}"


class WardMonth(_Figures):
    ward = models.ForeignKey(
        "geo.AdminUnit", null=True, on_delete=models.PROTECT, related_name="+", **DERIVED
    )
    organisation = models.ForeignKey(
        "network.MassOrganisation", null=True, on_delete=models.PROTECT, related_name="+", **DERIVED
    )

    class Meta:
        verbose_name = _("month end by ward")
        verbose_name_plural = _("month ends by ward")
        indexes = [
            models.Index(fields=["month_end", "office"], name="wardmonth_month_office_idx"),
            models.Index(fields=["ward", "month_end"], name="wardmonth_ward_month_idx"),
        ]


class OfficeMonth(_Figures):
    organisation_kind = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("month end by office")
        verbose_name_plural = _("month ends by office")
        indexes = [models.Index(fields=["month_end", "office"], name="officemonth_month_idx")]


class GroupClassMonth(models.Model):
    month_end = models.DateField(_("month end"))
    office = models.ForeignKey("geo.Office", on_delete=models.PROTECT, related_name="+", **DERIVED)
    ward = models.ForeignKey(
        "geo.AdminUnit", null=True, on_delete=models.PROTECT, related_name="+", **DERIVED
    )
    organisation = models.ForeignKey(
        "network.MassOrganisation", null=True, on_delete=models.PROTECT, related_name="+", **DERIVED
    )
    quality = models.CharField(max_length=10)
    groups = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("groups by quality class")
        verbose_name_plural = _("groups by quality class")
        indexes = [models.Index(fields=["month_end", "office"], name="groupclass_month_idx")]

    def __str__(self):
        return f"{self.month_end:%m/%Y}: {self.quality} {self.groups}"
