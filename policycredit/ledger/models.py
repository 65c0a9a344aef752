"""The double-entry books.

Design overview
===============

Entities. A :class:`ChartAccount` is one line of the chart of accounts (hệ thống tài khoản):
a kind of account with its Vietnamese name and its code, which an accountant may change. An
:class:`Account` is that kind kept for one office and, where the kind is split so, one capital
source and one programme (``key`` spells the four out, so the pair "no source" is unique on
every database). A :class:`JournalEntry` is one business event's posting: its date, what caused
it (a loan transaction, an entrustment decision, a savings movement, a fee statement, a payout,
a reversal) and who posted it. A :class:`JournalLine` moves one account by a signed amount.

Sign convention (as in :mod:`policycredit.domain.posting`): debit positive, credit negative.
Assets and expenses have positive balances, liabilities and income negative ones.

Invariants, each enforced by the database and checked by ``policycredit ledger check``:

* every entry's lines sum to zero. The lines are written first and the entry row last; a
  trigger on the entry's INSERT refuses it unless its lines balance, and a trigger on the
  lines' INSERT refuses a line for an entry already posted. The foreign key from line to entry
  is checked at commit, so lines without their entry never commit either;
* nothing posted changes: UPDATE is refused on entries and lines (and DELETE on PostgreSQL; on
  SQLite the models refuse it, as for the audit log). A mistake is corrected by a reversing
  entry;
* hence the trial balance sums to zero, and (by the posting rules) the loan accounts of an
  office and source equal the sum of its loans' balances, and capital payable to a source
  equals what its decisions entrusted.

Lines repeat the entry's office and date, and name the loan when a loan caused them, so
balances "as of a date" and a loan's own postings are one indexed aggregate away.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from policycredit.common.models import AppendOnly
from policycredit.domain import posting as p


class AccountKind(models.TextChoices):
    LOANS_IN_TERM = p.LOANS_IN_TERM, _("loans in term")
    LOANS_OVERDUE = p.LOANS_OVERDUE, _("loans overdue")
    LOANS_FROZEN = p.LOANS_FROZEN, _("loans frozen")
    INTEREST_RECEIVABLE = p.INTEREST_RECEIVABLE, _("interest receivable")
    INTEREST_INCOME = p.INTEREST_INCOME, _("interest income")
    OVERDUE_INTEREST_INCOME = p.OVERDUE_INTEREST_INCOME, _("overdue-interest income")
    CASH_OFFICE = p.CASH_OFFICE, _("cash at the office")
    CASH_IN_TRANSIT = p.CASH_IN_TRANSIT, _("cash in transit from transaction points")
    CAPITAL_PAYABLE = p.CAPITAL_PAYABLE, _("entrusted capital payable")
    MEMBER_SAVINGS = p.MEMBER_SAVINGS, _("group members' savings")
    FEES_PAYABLE = p.FEES_PAYABLE, _("entrustment fees payable")
    FEES_EXPENSE = p.FEES_EXPENSE, _("entrustment fees expensed")
    COMMISSIONS_PAYABLE = p.COMMISSIONS_PAYABLE, _("commissions payable")
    COMMISSIONS_EXPENSE = p.COMMISSIONS_EXPENSE, _("commissions expensed")
    WRITE_OFF_LOSS = p.WRITE_OFF_LOSS, _("loans written off")


class ChartAccount(models.Model):
    """One line of the chart of accounts; the code is the bank's and may be changed."""

    kind = models.CharField(_("kind"), max_length=32, choices=AccountKind.choices, unique=True)
    code = models.CharField(_("account code"), max_length=20, unique=True)
    name = models.CharField(_("account name"), max_length=200)

    class Meta:
        verbose_name = _("chart account")
        verbose_name_plural = _("chart of accounts")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Account(models.Model):
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=32, choices=AccountKind.choices)
    source = models.ForeignKey(
        "capital.CapitalSource",
        verbose_name=_("capital source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    key = models.CharField(max_length=80, unique=True, editable=False)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["office", "kind", "source", "programme"]

    def __str__(self):
        return " · ".join(
            str(x) for x in (self.get_kind_display(), self.source, self.programme) if x
        )

    @staticmethod
    def key_of(office_id, kind, source_id, programme_id) -> str:
        return f"{office_id}:{kind}:{source_id or '-'}:{programme_id or '-'}"


class EntryKind(models.TextChoices):
    LOAN = "loan", _("loan transaction")
    RECLASSIFICATION = "reclass", _("reclassification of loans")
    ENTRUSTMENT = "entrustment", _("entrustment decision")
    SAVINGS = "savings", _("members' savings")
    FEE = "fee", _("entrustment fee")
    COMMISSION = "commission", _("commission")
    PAYOUT = "payout", _("fee or commission paid")
    CASH = "cash", _("cash handed in from a transaction point")
    CLOSE = "close", _("close of day")
    REVERSAL = "reversal", _("reversal")
    RECALL = "recall", _("capital recalled by its budget")
    HANDOVER = "handover", _("capital handed to a successor budget")


class JournalEntry(AppendOnly, models.Model):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey("geo.Office", verbose_name=_("office"), on_delete=models.PROTECT)
    value_date = models.DateField(_("value date"))
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    memo = models.CharField(_("description"), max_length=255, blank=True)
    loan = models.ForeignKey(
        "loans.Loan", verbose_name=_("loan"), null=True, blank=True, on_delete=models.PROTECT
    )
    loan_transaction = models.OneToOneField(
        "loans.LoanTransaction",
        verbose_name=_("loan transaction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journal_entry",
    )
    decision = models.OneToOneField(
        "capital.EntrustmentDecision",
        verbose_name=_("entrustment decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journal_entry",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["value_date", "id"]
        indexes = [models.Index(fields=["office", "value_date"], name="entry_office_date_idx")]

    def __str__(self):
        return f"{self.value_date:%d/%m/%Y} {self.memo or self.get_kind_display()}"


class JournalLine(AppendOnly, models.Model):
    entry = models.ForeignKey(
        JournalEntry,
        to_field="key",
        verbose_name=_("entry"),
        on_delete=models.PROTECT,
        related_name="lines",
    )
    # No index of its own: (account, value date) below serves every search by account, and
    # each index on the books' largest table is written again for every line posted.
    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="lines",
        db_index=False,
    )
    amount = models.BigIntegerField(_("amount (debit +, credit −)"))
    office = models.ForeignKey("geo.Office", on_delete=models.PROTECT, editable=False)
    value_date = models.DateField(_("value date"))
    loan = models.ForeignKey(  # indexed once, by line_loan_idx
        "loans.Loan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("journal line")
        verbose_name_plural = _("journal lines")
        ordering = ["value_date", "id"]
        indexes = [
            models.Index(fields=["account", "value_date"], name="line_account_date_idx"),
            models.Index(fields=["loan"], name="line_loan_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="line_amount_not_zero")
        ]

    def __str__(self):
        return f"{self.value_date:%d/%m/%Y} {self.amount:+,}"
