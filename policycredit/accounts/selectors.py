"""What a user may see, resolved once per request into sets of ids.

Every app's selectors narrow their querysets with `scope_of(user)`, so a view or an admin
screen cannot forget the scope: it has no other way to read.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from policycredit.accounts.models import User
from policycredit.accounts.roles import ScopeKind
from policycredit.audit.models import AuditEvent


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    office_ids: frozenset = field(default_factory=frozenset)
    ward_ids: frozenset = field(default_factory=frozenset)
    organisation_ids: frozenset = field(default_factory=frozenset)
    group_ids: frozenset = field(default_factory=frozenset)

    @property
    def nothing(self) -> bool:
        return not (
            self.everything
            or self.office_ids
            or self.ward_ids
            or self.organisation_ids
            or self.group_ids
        )


# The places and organisations below a user's own: the geography and the network sit above
# the accounts (their reads are scoped by `scope_of`), so they register these from their
# `ready()`: "ward" (the wards reported under a ward), "unit" (the offices serving a unit),
# "organisation" (an organisation and its levels below).
_BELOW: dict = {}


def register_below(kind: str, resolver) -> None:
    _BELOW[kind] = resolver


def scope_of(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, "_policycredit_scope", None)
    if cached is not None:
        return cached
    kind = user.scope_kind
    if kind == ScopeKind.ALL:
        scope = Scope(everything=True)
    elif kind == ScopeKind.OFFICE:
        scope = Scope(office_ids=frozenset({user.office_id} - {None}))
    elif kind == ScopeKind.UNIT and user.unit_id:
        if user.unit.level == "ward":
            scope = Scope(ward_ids=frozenset(_BELOW["ward"](user.unit)))
        else:
            scope = Scope(office_ids=frozenset(_BELOW["unit"](user.unit)))
    elif kind == ScopeKind.ORGANISATION and user.organisation_id:
        scope = Scope(organisation_ids=frozenset(_BELOW["organisation"](user.organisation)))
    elif kind == ScopeKind.GROUP and user.group_id:
        scope = Scope(group_ids=frozenset({user.group_id}))
    else:
        scope = Scope()
    user._policycredit_scope = scope
    return scope


def users_for(user):
    scope = scope_of(user)
    if scope.everything:
        return User.objects.all()
    return User.objects.filter(office_id__in=scope.office_ids)


def events_for(user) -> QuerySet:
    """The audit log as the user may see it: the events of the offices in scope."""
    scope = scope_of(user)
    qs = AuditEvent.objects.select_related("actor")
    return qs if scope.everything else qs.filter(office_id__in=scope.office_ids)
