"""The audit log: who changed what, when, from which value to which. Append-only.

The database refuses updates and deletes of audit rows (a trigger on both SQLite and
PostgreSQL, see migration 0002), so even code that bypasses the ORM cannot rewrite history.
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class Action(models.IntegerChoices):
    """What happened, in the business's words: a history page and an audit search read as the
    office speaks ("loan frozen", "day signed off"), not as a database does. The generic
    created / updated remain for records with no business event of their own."""

    # Numbers are stable: reports and exports refer to them.
    CREATED = 1, _("created")
    UPDATED = 2, _("updated")
    CLOSED = 3, _("closed")
    MEMBER_JOINED = 10, _("member joined")
    MEMBER_LEFT = 11, _("member left")
    SENSITIVE_VIEWED = 20, _("personal data viewed")
    # A loan's money and schedule events (one per loan transaction kind).
    LOAN_DISBURSED = 30, _("loan disbursed")
    REPAYMENT_POSTED = 31, _("repayment posted")
    LOAN_EXTENDED = 32, _("instalment extended")
    TERMS_ADJUSTED = 33, _("repayment terms adjusted")
    LOAN_FROZEN = 34, _("debt frozen")
    LOAN_UNFROZEN = 35, _("freeze ended")
    LOAN_WRITTEN_OFF = 36, _("debt written off")
    TRANSACTION_REVERSED = 37, _("transaction reversed")
    LOANS_OPENED = 38, _("loans opened from the bank's register")
    # The transaction day at a ward's point.
    DAY_OPENED = 40, _("transaction day opened")
    DAY_ENTRIES_RECORDED = 41, _("transaction day entries recorded")
    DAY_CASH_COUNTED = 42, _("transaction day cash counted")
    DAY_SUBMITTED = 43, _("transaction day submitted")
    DAY_SENT_BACK = 44, _("transaction day sent back")
    DAY_SIGNED_OFF = 45, _("transaction day signed off")
    # The business date.
    BUSINESS_DAY_CLOSED = 50, _("business day closed")
    BUSINESS_DATE_SET = 51, _("business date set")
    # Members' savings, fees, the bank's files.
    SAVINGS_MOVED = 60, _("savings movement posted")
    FEE_PAID = 70, _("fee or commission paid")
    REGISTER_IMPORTED = 80, _("bank register imported")
    # Signing in and out (accounts.signin): the name tried, never a password or a code.
    SIGNED_IN = 90, _("signed in")
    SIGN_IN_FAILED = 91, _("sign-in failed")
    SIGNED_OUT = 92, _("signed out")
    LOCKED_OUT = 93, _("sign-in locked out")
    PASSWORD_CHANGED = 94, _("password changed")
    SECOND_FACTOR_ENROLLED = 95, _("authenticator app enrolled")
    SECOND_FACTOR_PASSED = 96, _("one-time code accepted")
    SECOND_FACTOR_FAILED = 97, _("one-time code refused")
    SECOND_FACTOR_RESET = 98, _("authenticator app removed")
    SIGN_IN_UNLOCKED = 99, _("sign-in unlocked")
    DEMO_LOADED = 100, _("demo district loaded")
    # Four eyes (accounts.policy): an act beyond its proposer's limit, and its decision.
    PROPOSAL_MADE = 110, _("proposed for approval")
    PROPOSAL_APPROVED = 111, _("proposal approved")
    PROPOSAL_REJECTED = 112, _("proposal rejected")
    PROPOSAL_EXPIRED = 113, _("proposal expired")
    # A loan's debt moved to another household member (loans).
    LOAN_TRANSFERRED = 120, _("debt transferred to another household member")
    # Risk dossiers and measures (restructuring, 125-139).
    RISK_DOSSIER_OPENED = 125, _("risk dossier opened")
    RISK_LOSS_ASSESSED = 126, _("risk loss assessed")
    RISK_CONFIRMED_BY_WARD = 127, _("risk confirmed by the ward")
    RISK_DOCUMENT_RECEIVED = 128, _("risk dossier document received")
    MEASURE_PROPOSED = 129, _("measure proposed")
    MEASURE_APPROVED = 130, _("measure approved")
    MEASURE_REJECTED = 131, _("measure rejected")
    RISK_DOSSIER_WITHDRAWN = 132, _("risk dossier withdrawn")
    # Field checks: 06/TD loan-use checks and 16/TD group inspections (140-149).
    LOAN_USE_CHECKED = 140, _("loan-use check recorded (06/TD)")
    LOAN_USE_CHECK_CORRECTED = 141, _("loan-use check corrected (06/TD)")
    LOAN_MISUSE_FOUND = 142, _("loan found not used as planned")
    GROUP_INSPECTED = 143, _("group inspection recorded (16/TD)")
    GROUP_INSPECTION_CORRECTED = 144, _("group inspection corrected (16/TD)")
    # The entrusting government's side (issue 20). Each area keeps to its own range.
    # Local budget capital, 150-159.
    BUDGET_PLANNED = 150, _("budget entrustment planned")
    BUDGET_DECIDED = 151, _("budget entrustment decided")
    BUDGET_TRANSFER_RECEIVED = 152, _("budget transfer received")
    BUDGET_RECALLED = 153, _("budget capital recalled")
    BUDGET_INTEREST_ALLOCATED = 154, _("interest on local capital allocated to its uses")
    BUDGET_CAPITAL_SUCCEEDED = 155, _("budget capital handed to a successor budget")
    # Credit plans, 160-169.
    CREDIT_PLAN_SET = 160, _("credit plan set")
    CREDIT_PLAN_ALLOCATED = 161, _("credit plan allocated")
    CREDIT_PLAN_REVISED = 162, _("credit plan revised")
    # Boards of Representatives, 170-179.
    BOARD_FORMED = 170, _("board of representatives formed")
    BOARD_MEMBER_APPOINTED = 171, _("board member appointed")
    BOARD_MEMBER_LEFT = 172, _("board member left the board")
    BOARD_MEETING_HELD = 173, _("board meeting recorded")
    BOARD_TASK_ASSIGNED = 174, _("board task assigned")
    BOARD_TASK_PROGRESS = 175, _("board task progress reported")
    BOARD_TASK_DONE = 176, _("board task done")
    BOARD_DISSOLVED = 177, _("board of representatives dissolved")
    # Supervision and inspection, 180-189.
    SUPERVISION_PLANNED = 180, _("supervision plan set")
    SUPERVISION_CHECK_RECORDED = 181, _("supervision check recorded")
    SUPERVISION_CHECK_CORRECTED = 182, _("supervision check corrected")
    FINDING_RECORDED = 183, _("finding recorded")
    FINDING_FOLLOWED_UP = 184, _("finding followed up")
    FINDING_CLOSED = 185, _("finding resolved")
    # Quality grading by the bank's criteria, 190-194.
    QUALITY_GRADED = 190, _("quality graded")
    # The review as a document, 195-199.
    REVIEW_DOCUMENT_MADE = 195, _("review document produced")
    # The API's tokens, 200-209.
    API_TOKEN_CREATED = 200, _("API token created")
    API_TOKEN_REVOKED = 201, _("API token revoked")
    # Text messages to households (notices, 240-259): one event per batch queued.
    NOTICES_QUEUED = 240, _("text messages queued")
    NOTICE_RETRIED = 241, _("text message queued again")
    NOTICE_CANCELLED = 242, _("text message cancelled")
    NOTICE_SETTLED = 243, _("text message left sending settled by a person")
    # The field app's sync: the group leader's 13/TD statement, 210-224.
    STATEMENT_LINE_RECORDED = 210, _("statement line recorded in the field (13/TD)")
    STATEMENT_CONFLICT_RECORDED = 211, _("statement line kept as a conflict (13/TD)")
    STATEMENT_CONFLICT_RESOLVED = 212, _("statement conflict resolved (13/TD)")
    # The borrowers' own look-up (selfservice), 230-239: its log is kept for a period and then
    # deleted; the deletion is recorded here (the look-ups themselves are in that log).
    LOOKUP_LOG_PURGED = 230, _("borrower look-up log purged")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.PositiveSmallIntegerField(_("action"), choices=Action.choices)
    model = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    old = models.JSONField(_("old values"), null=True, blank=True)
    new = models.JSONField(_("new values"), null=True, blank=True)
    office_id = models.BigIntegerField(_("office"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")

    @property
    def record_type(self) -> str:
        return record_type_name(self.model)

    @property
    def who(self) -> str:
        """The person who acted, by name; the sign-in name only for a user without one."""
        if self.actor is None:
            return "—"
        return self.actor.get_full_name() or self.actor.get_username()


def record_type_name(label: str) -> str:
    """A record's kind as the office names it ("Transaction day"), not its table's label
    ("transactiondays.transactionday"), which stays what the log stores and searches by."""
    try:
        return capfirst(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label  # a model since removed: its label is all the log knows
