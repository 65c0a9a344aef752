"""Configurable rules: government decisions change them, so they live in data with a start date."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly:
    """Model mixin for money and history records: a row is written once; a mistake is
    corrected by a new row (a reversal), never by an edit or a delete. The database refuses
    too (triggers); this says so in Python first, naming the record."""

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} rows are append-only: reverse, never edit.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are append-only: reverse, never delete.")


class Validity(models.Model):
    """A row that holds from `valid_from` until `valid_to` inclusive (open-ended when empty)."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        abstract = True

    def holds_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Rule(models.Model):
    """One value of a named business rule from a date on; the latest start by a day wins."""

    key = models.CharField(_("rule"), max_length=100)
    value = models.JSONField(_("value"))
    valid_from = models.DateField(_("valid from"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("business rule")
        verbose_name_plural = _("business rules")
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="rule_key_from_unique")
        ]
        ordering = ["key", "-valid_from"]

    def __str__(self):
        return f"{self.key} = {self.value!r} ({self.valid_from:%d/%m/%Y})"


class BusinessDate(models.Model):
    """What "today" means to the bank: the first date not yet closed (one row). The close of
    day advances it; every app reads it (`common.selectors.business_date`)."""

    today = models.DateField(_("business date"))
    # The first business date ever closed: postings dated after it are on the accrual basis
    # (interest receivable accrued by the close, collections settle it); postings up to it were
    # on the cash basis (interest is income when collected). Set once, by the opening step.
    first_closed = models.DateField(_("first closed business date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        # The table the close of day made when it kept the date; the kernel owns it now.
        db_table = "closing_businessdate"
        verbose_name = _("business date")
        verbose_name_plural = _("business date")

    def __str__(self):
        return f"{self.today:%d/%m/%Y}"
