from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.roles import SCOPE_OF_ROLE, Role, ScopeKind


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
