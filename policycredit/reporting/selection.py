"""Which part of the portfolio a report covers: what the user may see, narrowed to a unit, and
— across the July 2025 reform — which mapping of old and new units made that part.

Loans sit at transaction points, and points at the old ward offices, so the data are keyed by
old wards. A new ward before 01/07/2025 is therefore the old wards whose main successor it is
(followed through every earlier merge); a former district after the reform is the bank office
that still serves its area; an old ward after the reform is itself plus the wards merged into
it earlier. The report prints the mapping it used.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from policycredit.accounts.selectors import scope_of
from policycredit.common.selectors import business_date
from policycredit.geo.models import AdminUnit, Level, Office, Succession
from policycredit.geo.selectors import offices_in_unit, wards_reported_under


@dataclass(frozen=True)
class Selection:
    everything: bool = False
    office_ids: frozenset | None = None  # None: no condition on it
    ward_ids: frozenset | None = None
    organisation_ids: frozenset | None = None
    group_ids: frozenset | None = None
    unit: AdminUnit | None = None
    mapping: list[str] = field(default_factory=list)

    @property
    def by_office(self) -> bool:
        """Whole offices (or everything): the office rollup can answer."""
        return self.ward_ids is None and self.organisation_ids is None and self.group_ids is None

    def loan_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.office_ids is not None:
            q &= Q(**{f"{prefix}office_id__in": self.office_ids})
        if self.ward_ids is not None:
            q &= Q(**{f"{prefix}group__transaction_point__ward_id__in": self.ward_ids})
        if self.organisation_ids is not None:
            q &= Q(**{f"{prefix}group__organisation_id__in": self.organisation_ids})
        if self.group_ids is not None:
            q &= Q(**{f"{prefix}group_id__in": self.group_ids})
        return q

    def rollup_q(self) -> Q:
        q = Q()
        if self.office_ids is not None:
            q &= Q(office_id__in=self.office_ids)
        if self.ward_ids is not None:
            q &= Q(ward_id__in=self.ward_ids)
        if self.organisation_ids is not None:
            q &= Q(organisation_id__in=self.organisation_ids)
        return q


def _names(ids) -> str:
    return ", ".join(
        AdminUnit.objects.filter(id__in=ids).order_by("name").values_list("name", flat=True)
    )


def unit_for_code(code: str, on: datetime.date) -> AdminUnit | None:
    """A unit by its statistics-office code. Codes are reused by new wards, so ``CODE`` is the
    unit in force on ``on`` and ``CODE:YEAR`` the unit with that code created in YEAR."""
    code, _sep, year = code.partition(":")
    units = AdminUnit.objects.filter(code=code)
    if year:
        return units.filter(valid_from__year=int(year)).first()
    in_force = units.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
    )
    return in_force.first() or units.order_by("-valid_from").first()


def unit_pieces(unit: AdminUnit, on: datetime.date) -> tuple[dict, list[str]]:
    """What ``unit`` means in the data on ``on``: a filter and the sentences saying why."""
    if unit.level in (Level.PROVINCE, Level.DISTRICT):
        offices = offices_in_unit(unit)
        names = ", ".join(Office.objects.filter(id__in=offices).values_list("name", flat=True))
        lines = [
            _("%(unit)s: the bank offices serving it (%(offices)s).")
            % {"unit": unit.name, "offices": names or "–"}
        ]
        if unit.valid_to and unit.valid_to < on:
            lines.append(
                _(
                    "%(unit)s ceased to exist on %(day)s; its bank office still serves the former "
                    "area under its old name, so the former district is reported as that office's "
                    "transaction points."
                )
                % {"unit": unit.name, "day": f"{unit.valid_to:%d/%m/%Y}"}
            )
        return {"office_ids": frozenset(offices)}, lines
    wards = wards_reported_under(unit)
    lines = []
    older = wards - {unit.pk}
    if unit.valid_from and on < unit.valid_from:
        lines.append(
            _(
                "%(unit)s exists from %(day)s. Before that it is reported as the old wards whose "
                "main successor it is: %(wards)s."
            )
            % {
                "unit": unit.name,
                "day": f"{unit.valid_from:%d/%m/%Y}",
                "wards": _names(older) or "–",
            }
        )
    elif older:
        lines.append(
            _("%(unit)s includes the records of the wards merged into it: %(wards)s.")
            % {"unit": unit.name, "wards": _names(older)}
        )
    parts = Succession.objects.filter(successor=unit, primary=False).select_related("predecessor")
    partial = sorted({s.predecessor.name for s in parts})
    if partial:
        lines.append(
            _(
                "Parts of %(wards)s also went into %(unit)s; their loans are counted with the new "
                "ward that took over their office (their main successor)."
            )
            % {"wards": ", ".join(partial), "unit": unit.name}
        )
    basis = sorted(
        {
            s
            for s in Succession.objects.filter(successor_id__in=wards).values_list(
                "legal_basis", flat=True
            )
            if s
        }
    )
    if basis:
        lines.append(_("Mapping of old to new units: %(basis)s.") % {"basis": "; ".join(basis)})
    return {"ward_ids": frozenset(wards)}, lines


def selection_for(
    user, unit: AdminUnit | None = None, on: datetime.date | None = None
) -> Selection:
    scope = scope_of(user)
    parts: dict = {}
    if not scope.everything:
        parts = {
            "office_ids": frozenset(scope.office_ids) if scope.office_ids else None,
            "ward_ids": frozenset(scope.ward_ids) if scope.ward_ids else None,
            "organisation_ids": frozenset(scope.organisation_ids)
            if scope.organisation_ids
            else None,
            "group_ids": frozenset(scope.group_ids) if scope.group_ids else None,
        }
        if scope.nothing:
            parts["office_ids"] = frozenset()
    mapping: list[str] = []
    if unit is not None:
        narrowed, mapping = unit_pieces(unit, on or business_date())
        for key, ids in narrowed.items():
            parts[key] = ids if parts.get(key) is None else parts[key] & ids
    return Selection(
        everything=scope.everything and unit is None, unit=unit, mapping=mapping, **parts
    )
