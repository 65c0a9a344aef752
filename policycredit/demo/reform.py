"""The July 2025 reform in the demo's network: the entrustment passes to the new wards'
organisations.

On 01/07/2025 the district and its wards were abolished and the wards merged into new ones
(`wards`); the bank re-signed its entrustment contracts with the mass organisations of the new
wards. From then on each group is managed by the organisation of its kind in the new ward its
transaction point (the old ward office) now belongs to, under the city level of the
organisation (the district level is gone: its share of the fee stays with the split as data,
without a named payee). So every fee computed for a month from 07/2025 is the new ward
organisation's. The old organisations stay, with the city level above them, for the months
before.

The groups carry no history of their organisation: the demo moves them once, after the fees
of the months before the reform have been computed (`fees.build`).
"""

from policycredit.accounts.models import User
from policycredit.accounts.services import save_user
from policycredit.demo import wards
from policycredit.demo.context import Context
from policycredit.demo.geography import _in_force
from policycredit.demo.network import ORG_NAMES
from policycredit.geo.models import Level
from policycredit.geo.selectors import current_unit
from policycredit.network.models import (
    MassOrganisation,
    OrganisationKind,
    OrganisationLevel,
    SavingsGroup,
)
from policycredit.network.services import save_group, save_organisation

# The organisation officer of the demo works, after the reform, for the Women's Union of the
# new ward of the demo's ward officer (phuong.vinhtuy): one application can then go through
# every step with the demo's users.
OFFICER_WARD = "Vĩnh Tuy"


def build(ctx: Context) -> None:
    city_unit = _in_force(wards.PROVINCE[0], Level.PROVINCE, wards.REFORM_DATE)
    city = {}
    for kind, title in ORG_NAMES.items():
        city[kind] = save_organisation(
            actor=ctx.actor,
            instance=MassOrganisation(
                kind=kind,
                level=OrganisationLevel.PROVINCE,
                unit=city_unit,
                name=f"{title} Thành phố Hà Nội",
            ),
        )
    for district in MassOrganisation.objects.filter(level=OrganisationLevel.DISTRICT):
        district.parent = city[district.kind]
        save_organisation(actor=ctx.actor, instance=district)

    new_orgs: dict[tuple, MassOrganisation] = {}

    def organisation(kind, unit):
        if (kind, unit.pk) not in new_orgs:
            new_orgs[(kind, unit.pk)] = save_organisation(
                actor=ctx.actor,
                instance=MassOrganisation(
                    kind=kind,
                    level=OrganisationLevel.WARD,
                    unit=unit,
                    parent=city[kind],
                    name=f"{ORG_NAMES[kind]} {unit.name}",
                ),
            )
        return new_orgs[(kind, unit.pk)]

    new_ward = {}  # old ward id -> the new ward its office lies in
    groups = SavingsGroup.objects.filter(closed__isnull=True).select_related(
        "organisation", "transaction_point__ward"
    )
    for group in groups.order_by("code"):
        old = group.transaction_point.ward
        if old.pk not in new_ward:
            new_ward[old.pk] = current_unit(old, wards.REFORM_DATE)
        if new_ward[old.pk].pk == old.pk:  # a ward the reform left as it was
            continue
        group.organisation = organisation(group.organisation.kind, new_ward[old.pk])
        save_group(actor=ctx.actor, instance=group)

    officer = User.objects.filter(username="hoiphunu").first()
    seat = next((u for u in new_ward.values() if u.name.endswith(OFFICER_WARD)), None)
    if officer is not None and seat is not None:
        officer.organisation = organisation(OrganisationKind.WOMEN, seat)
        save_user(actor=None, instance=officer)
