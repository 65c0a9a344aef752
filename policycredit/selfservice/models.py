"""The log of borrowers' own look-ups.

One row per look-up at the public page and per passbook a borrower opens: when, from which
address, the contract number typed (as a keyed hash, never in clear), the outcome, and the loan
when the number names one. The throttle counts the refused rows (`throttle.py`); the office reads
its loans' rows (`selectors.lookups_for`). It is not the books: rows older than
POLICYCREDIT_LOOKUP_RETENTION_DAYS are deleted (`services.purge_lookups`), and neither the CCCD
digits nor the birth date typed are ever stored.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    FOUND = "found", _("found")
    REFUSED = "refused", _("refused: no loan matches")
    THROTTLED = "throttled", _("refused: too many tries")
    PASSBOOK = "passbook", _("passbook opened")


class Lookup(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now)
    # As accounts.signin_lockout.client_address reads it behind the proxy.
    address = models.CharField(_("client address"), max_length=45)
    # salted_hmac of the number as typed (`throttle.number_key`): counts the tries on a number
    # whether or not it exists, without keeping what someone typed.
    number_key = models.CharField(max_length=64)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    # The loan the typed number names, whether or not the rest matched: the office sees the
    # refused tries on its loans. None for a number that names no loan.
    loan = models.ForeignKey(
        "loans.Loan",
        verbose_name=_("loan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("borrower look-up")
        verbose_name_plural = _("borrower look-ups")
        ordering = ["-at", "-id"]
        indexes = [
            # The throttle's two counts, each over a window of time.
            models.Index(fields=["number_key", "at"], name="lookup_number_at_idx"),
            models.Index(fields=["address", "at"], name="lookup_address_at_idx"),
            # The purge, and the office's list, the latest first.
            models.Index(fields=["at"], name="lookup_at_idx"),
        ]

    def __str__(self):
        when = timezone.localtime(self.at).strftime("%H:%M %d/%m/%Y") if self.at else ""
        return f"{Outcome(self.outcome).label} {when}" if self.outcome else when
