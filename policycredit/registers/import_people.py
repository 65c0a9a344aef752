"""What a register brings besides loans: the transaction points, organisations and groups it
names, the households with their head and group membership, and the members' savings the bank
holds. Written as plain rows by the import's writer (`common.bulk.Writer`).

A mixin of the import (`services._Import`), whose state it reads.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from policycredit.borrowers.models import Household, Person
from policycredit.borrowers.services import HEAD
from policycredit.common import bulk
from policycredit.common.services import create_many
from policycredit.domain import posting as p
from policycredit.domain.text import fold
from policycredit.geo.models import TransactionPoint
from policycredit.geo.services import save_transaction_point
from policycredit.ledger.models import EntryKind
from policycredit.ledger.services import post_lines_of_loans
from policycredit.network.models import (
    MassOrganisation,
    Membership,
    OrganisationKind,
    OrganisationLevel,
    SavingsGroup,
)
from policycredit.network.services import save_organisation
from policycredit.registers.import_checks import household_code, org_kind
from policycredit.savings.models import SavingsKind, SavingsTransaction


class Newcomers:
    def _places(self, new: list[tuple]) -> None:
        """Transaction points, organisations and groups the rows name and the books lack."""

        fresh = []
        for row, ward, *_rest in new:
            if not row.group_code or row.group_code in self.groups:
                continue
            point_code = row.point_code or f"ĐGD-{ward.code}"
            point = self.points.get(point_code)
            if point is None:
                day = row.point_day if row.point_day and 1 <= row.point_day <= 31 else 1
                point = save_transaction_point(
                    actor=self.actor,
                    instance=TransactionPoint(
                        code=point_code,
                        name=row.point_name or f"Điểm giao dịch {ward.name}",
                        office=self.office,
                        ward=ward,
                        address=row.point_name or ward.name,
                        day_of_month=day,
                    ),
                )
                self.points[point_code] = point
            kind = org_kind(row.org_name) or org_kind(row.org_code)
            org = self.orgs.get((kind, ward.pk))
            if org is None:
                org = save_organisation(
                    actor=self.actor,
                    instance=MassOrganisation(
                        kind=kind,
                        level=OrganisationLevel.WARD,
                        unit=ward,
                        name=row.org_name or OrganisationKind(kind).label,
                        bank_code=row.org_code[:20],
                    ),
                )
                self.orgs[(kind, ward.pk)] = org
            group = SavingsGroup(
                code=row.group_code,
                name=row.group_name or row.group_code,
                organisation=org,
                transaction_point=point,
                office=self.office,
                founded=row.loan_date,
            )
            self.groups[row.group_code] = group
            fresh.append(group)
        # Groups come by the thousand in a branch's file: one insert, one audit event each.
        create_many(actor=self.actor, instances=fresh, row_rules=False)

    def _people(self, new: list[tuple]) -> dict[str, tuple[int, int]]:
        """Household code -> (household id, head id); the missing households are written with
        their head and their group membership."""
        codes = {household_code(r) for r, *_rest in new}
        households = {
            code: (pk, head)
            for code, pk, head in bulk.matching(Household.objects, "code", codes).values_list(
                "code", "pk", "head_id"
            )
        }
        fresh, seen = [], set()
        for row, ward, *_rest in new:
            code = household_code(row)
            if code not in households and code not in seen:
                seen.add(code)
                fresh.append((row, ward, code))
        self._savings_of_known(new, households)
        if fresh:
            self._households(fresh, households)
        return households

    def _households(self, fresh: list[tuple], households: dict) -> None:
        """New households (row, ward, code) with their head and their membership of the row's
        group, and the savings the bank holds for that membership; ``households`` learns them."""
        home_ids = bulk.reserve_ids(Household, len(fresh))
        person_ids = bulk.reserve_ids(Person, len(fresh))
        office = self.office.pk
        self.writer.insert(
            Household,
            ["id", "code", "office_id", "ward_id", "village", "address", "phone", "head_id"],
            [
                (
                    home,
                    code,
                    office,
                    ward.pk,
                    row.village[:100],
                    (row.address or ward.name)[:255],
                    row.phone[:20],
                    head,
                )
                for (row, ward, code), home, head in zip(fresh, home_ids, person_ids, strict=True)
            ],
        )
        self.writer.insert(
            Person,
            [
                "id", "household_id", "full_name", "name_search", "gender", "birth_date", "cccd",
                "relation", "ethnicity", "office_id",
            ],
            [
                (
                    head,
                    home,
                    row.customer_name[:150],
                    fold(row.customer_name[:150]),
                    row.sex or "F",
                    row.birth_date,
                    row.id_number if len(row.id_number) == 12 else None,
                    HEAD,
                    "Kinh",
                    office,
                )
                for (row, _ward, _code), home, head in zip(fresh, home_ids, person_ids, strict=True)
            ],
        )  # fmt: skip
        memberships = []
        for (row, _ward, code), home, head in zip(fresh, home_ids, person_ids, strict=True):
            households[code] = (home, head)
            group = self.groups.get(row.group_code)
            if group is not None:
                memberships.append((row, group.id, home))
        member_ids = bulk.reserve_ids(Membership, len(memberships))
        self.writer.insert(
            Membership,
            ["id", "group_id", "household_id", "joined", "left", "office_id"],
            [
                (member, group, home, row.loan_date, None, office)
                for (row, group, home), member in zip(memberships, member_ids, strict=True)
            ],
        )
        self._opening_savings(
            [
                (member, row.savings)
                for (row, *_r), member in zip(memberships, member_ids, strict=True)
            ]
        )

    def _savings_of_known(self, new: list[tuple], households: dict) -> None:
        """Savings for households PolicyCredit already knows (loaded before, with their group
        memberships but no savings of their own yet): the membership in the row's group gets
        the bank's balance, once. A membership with savings movements keeps its own: the bank's
        figure is not written over it."""
        wanted = {}
        for row, *_rest in new:
            group = self.groups.get(row.group_code)
            code = household_code(row)
            if row.savings > 0 and group is not None and code in households:
                wanted.setdefault((households[code][0], group.id), row.savings)
        if not wanted:
            return
        members = Membership.objects.filter(
            household_id__in={h for h, _g in wanted},
            group_id__in={g for _h, g in wanted},
            left__isnull=True,
        ).exclude(Exists(SavingsTransaction.objects.filter(membership_id=OuterRef("pk"))))
        balances = []
        for member, home, group in members.values_list("pk", "household_id", "group_id"):
            if (home, group) in wanted and member not in self.savings_opened:
                self.savings_opened.add(member)
                balances.append((member, wanted[(home, group)]))
        self._opening_savings(balances)

    def _opening_savings(self, balances: list[tuple[int, int]]) -> None:
        """The members' savings the bank holds (Số dư tiền gửi 105), opened as one deposit per
        new membership on the opening day; the books get them in `_post_opening_savings`. The
        bank repeats a member's balance on each of their loans in the group: the membership's
        first row gives it, once."""
        now, actor = timezone.now(), self.actor.pk
        reason = f"Số dư đầu kỳ theo HSTD {self.as_of:%d/%m/%Y}"
        deposits = [
            (member, self.office.pk, SavingsKind.DEPOSIT.value, amount, self.opened, reason,
             actor, now)
            for member, amount in balances
            if amount > 0
        ]  # fmt: skip
        self.writer.insert(
            SavingsTransaction,
            [
                "membership_id", "office_id", "kind", "amount", "value_date", "reason",
                "actor_id", "recorded_at",
            ],
            deposits,
        )  # fmt: skip
        self.chunk_savings += sum(d[3] for d in deposits)

    def _post_opening_savings(self) -> None:
        """The chunk's opening savings in the books: one entry, cash against the members'
        savings (`ledger check` compares the account with the members' movements)."""
        if not self.chunk_savings:
            return
        post_lines_of_loans(
            office_id=self.office.pk,
            value_date=self.opened,
            kind=EntryKind.SAVINGS,
            memo=f"Tiền gửi tổ viên đầu kỳ theo HSTD {self.as_of:%d/%m/%Y} – lần nhập "
            f"{self.run_row.pk}",
            actor=self.actor,
            lines=[(line, None) for line in p.savings_deposit(self.chunk_savings)],
            insert=self.writer.insert,
            accounts=self.opening.accounts,
        )
        self.savings_total += self.chunk_savings
        self.chunk_savings = 0
