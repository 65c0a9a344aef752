"""What a user may see, resolved once per request into sets of ids.

Every app's selectors narrow their querysets with `scope_of(user)`, so a view or an admin
screen cannot forget the scope: it has no other way to read.
"""

from dataclasses import dataclass, field

from policycredit.accounts.roles import ScopeKind


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


def scope_of(user) -> Scope:
    from policycredit.geo.selectors import offices_in_unit, wards_reported_under
    from policycredit.network.selectors import organisation_and_below

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
            scope = Scope(ward_ids=frozenset(wards_reported_under(user.unit)))
        else:
            scope = Scope(office_ids=frozenset(offices_in_unit(user.unit)))
    elif kind == ScopeKind.ORGANISATION and user.organisation_id:
        scope = Scope(organisation_ids=frozenset(organisation_and_below(user.organisation)))
    elif kind == ScopeKind.GROUP and user.group_id:
        scope = Scope(group_ids=frozenset({user.group_id}))
    else:
        scope = Scope()
    user._policycredit_scope = scope
    return scope


def users_for(user):
    from policycredit.accounts.models import User

    scope = scope_of(user)
    if scope.everything:
        return User.objects.all()
    return User.objects.filter(office_id__in=scope.office_ids)
