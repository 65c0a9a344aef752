from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.roles import SCOPE_OF_ROLE, Act, Role, ScopeKind


class User(AbstractUser):
    """A person who signs in. Belongs to exactly the one scope its role calls for."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.TELLER)
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("The ward of a ward officer; the province or district of a board member."),
    )
    organisation = models.ForeignKey(
        "network.MassOrganisation",
        verbose_name=_("mass-organisation unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    group = models.ForeignKey(
        "network.SavingsGroup",
        verbose_name=_("savings-and-loan group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def scope_kind(self) -> ScopeKind:
        return ScopeKind.ALL if self.is_superuser else SCOPE_OF_ROLE[Role(self.role)]

    def clean(self):
        super().clean()
        needed = {
            ScopeKind.OFFICE: ("office", _("An office role needs an office.")),
            ScopeKind.UNIT: ("unit", _("This role needs an administrative unit.")),
            ScopeKind.ORGANISATION: (
                "organisation",
                _("A mass-organisation officer needs an organisation unit."),
            ),
            ScopeKind.GROUP: ("group", _("A group leader needs a group.")),
        }.get(self.scope_kind)
        if needed and getattr(self, f"{needed[0]}_id") is None:
            raise ValidationError({needed[0]: needed[1]})
        if self.role == Role.WARD_OFFICER and self.unit_id and self.unit.level != "ward":
            raise ValidationError({"unit": _("A ward officer's unit must be a ward or commune.")})


class ActPolicy(models.Model):
    """Who may take an act, who may approve it as the second person, and (in its limits) up
    to what amount a role may take it alone. Data, not code: the office sets its own limits,
    and every change is in the audit log. The rules themselves are read in `policy`."""

    act = models.CharField(_("act"), max_length=40, choices=Act.choices, unique=True)
    proposers = models.JSONField(
        _("who may take or propose it"),
        default=list,
        blank=True,
        help_text=_("Roles who may take the act (alone within their limit) or propose it."),
    )
    approvers = models.JSONField(
        _("who may approve it"),
        default=list,
        blank=True,
        help_text=_("Roles one of whom must approve what goes beyond the proposer's limit."),
    )
    note = models.TextField(_("where the rule comes from"), blank=True)

    class Meta:
        verbose_name = _("four-eyes rule")
        verbose_name_plural = _("four-eyes rules")
        ordering = ["act"]

    def __str__(self):
        return self.get_act_display()

    def clean(self):
        known = set(Role.values)
        for name in ("proposers", "approvers"):
            roles = getattr(self, name)
            if not isinstance(roles, list) or not set(roles) <= known:
                raise ValidationError({name: _("Choose roles from the list.")})


class ActLimit(models.Model):
    """Up to what amount a role may take the act alone. No row for a role, or 0: never alone."""

    policy = models.ForeignKey(
        ActPolicy, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="limits"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    alone_up_to = models.BigIntegerField(
        _("alone up to (đồng)"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: any amount alone; 0: never alone. Above it, a second person must approve."
        ),
    )

    class Meta:
        verbose_name = _("limit")
        verbose_name_plural = _("limits")
        constraints = [
            models.UniqueConstraint(fields=["policy", "role"], name="act_limit_once_per_role"),
            models.CheckConstraint(
                condition=models.Q(alone_up_to__gte=0) | models.Q(alone_up_to__isnull=True),
                name="act_limit_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.policy} – {self.get_role_display()}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    EXPIRED = "expired", _("expired")


class Proposal(models.Model):
    """An act beyond its proposer's limit, waiting for a second person (maker-checker). Its
    parameters are what the service was asked; approving runs that service once, with the
    approver recorded beside the proposer."""

    act = models.CharField(_("act"), max_length=40, choices=Act.choices)
    parameters = models.JSONField(_("parameters"), default=dict)
    amount = models.BigIntegerField(_("amount (đồng)"), null=True, blank=True)
    office = models.ForeignKey(
        "geo.Office", verbose_name=_("office"), null=True, blank=True, on_delete=models.PROTECT
    )
    proposer = models.ForeignKey(
        User, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    result = models.CharField(_("what it made"), max_length=100, blank=True)
    # A form sent twice proposes once.
    key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # A proposal that is part of a bigger decision (a measure on a loan, with its decision
    # number and deciding document) is decided on that decision's page, not on /approvals/.
    decide_at = models.CharField(_("decided on the page"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["status", "office"], name="proposal_waiting_idx")]

    def __str__(self):
        return f"{self.get_act_display()} #{self.pk}"
