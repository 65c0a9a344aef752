"""Configurable rules: government decisions change them, so they live in data with a start date."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
