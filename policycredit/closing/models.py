"""Close of day: the steps run for each date (the business date they advance is the kernel's,
`common.models.BusinessDate`), the balances the accrual reads,
and the month-end portfolio snapshot.

Why buckets. An ordinary day's interest on the whole portfolio is, for each ledger dimension
(office × source × programme) and each rate, balance × rate ÷ basis. `RateBalance` keeps those
balances up to date as loans move (the loans' services post the deltas with their journal
entries), so the day's accrual reads a few thousand buckets instead of millions of loans; the
exact fraction of a đồng not yet posted stays in the bucket's `carry`. At each month end the
buckets are reconciled with a full scan of the loans, and a difference stops the close.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StepRun(models.Model):
    """A step of the close done for a date. Written in the same transaction as the step's own
    writes, so a step is either wholly done (and never done again) or not at all."""

    date = models.DateField(_("date"))
    step = models.CharField(_("step"), max_length=40)
    seconds = models.FloatField(_("seconds"), default=0)
    details = models.JSONField(_("details"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("finished at"), auto_now_add=True)

    class Meta:
        verbose_name = _("close-of-day step")
        verbose_name_plural = _("close-of-day steps")
        ordering = ["-date", "id"]
        constraints = [models.UniqueConstraint(fields=["date", "step"], name="one_run_per_step")]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.step}"


class RateBalance(models.Model):
    """Principal accruing at one rate in one ledger dimension."""

    office = models.ForeignKey("geo.Office", on_delete=models.PROTECT)
    source = models.ForeignKey("capital.CapitalSource", on_delete=models.PROTECT)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.PROTECT)
    overdue = models.BooleanField()
    monthly_rate = models.DecimalField(max_digits=7, decimal_places=4)
    overdue_factor = models.DecimalField(max_digits=5, decimal_places=3)
    day_basis = models.PositiveSmallIntegerField()
    balance = models.BigIntegerField(default=0)
    # Exact interest accrued but not yet posted, in units of the rate's denominator
    # (domain.accrual.accrue_bucket).
    carry = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("balance at a rate")
        verbose_name_plural = _("balances at a rate")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "office",
                    "source",
                    "programme",
                    "overdue",
                    "monthly_rate",
                    "overdue_factor",
                    "day_basis",
                ],
                name="one_bucket_per_rate",
            )
        ]

    def __str__(self):
        return f"{self.monthly_rate} {'overdue' if self.overdue else 'in term'}: {self.balance:,}"
