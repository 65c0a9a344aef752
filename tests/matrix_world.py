"""Two areas for the access matrix: "inside" every signed-in role's area and "outside" all of
them but the administrator's.

Inside is the test world's first savings-and-loan group (the demo's group leader leads it): one
of its households with a person, a loan, savings, a transaction day at its point, an earlier
one submitted to the controller, a move of a later day, the office's fee statement for May, a
risk dossier on the loan with a scan and an approved extension, the loan's 06/TD use check and
the group's 16/TD inspection. Outside is a second office in another province with one ward, one
Women's Union unit, one group and the same records. Everything is written through the
services, as a screen would, each step by the person whose step it is (four eyes:
`accounts.tests.four_eyes.approved` for a second person's yes).

One user of every role is scoped to the inside area: the demo's office staff, organisation
officer, group leader and board member (the city), and a ward officer made here for the ward
of the group's household (the demo's two ward officers look after other wards). The outside
area has its own user of every role, who take its steps.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from policycredit.accounts.models import User
from policycredit.accounts.roles import Role
from policycredit.accounts.services import save_user
from policycredit.accounts.tests.four_eyes import approved
from policycredit.boards.tests.matrix import build as board_records
from policycredit.borrowers.models import Household, Person, PovertyRecord
from policycredit.borrowers.services import HEAD, save_household, save_person, save_poverty_record
from policycredit.budgets.models import BudgetPlan
from policycredit.budgets.services import save_plan
from policycredit.calendar.services import move_day
from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.capital.services import save_decision, save_source
from policycredit.common.selectors import replaying
from policycredit.creditplans.services import set_plan
from policycredit.domain.credit_plan import Amounts as PlanAmounts
from policycredit.fees.services import compute_month
from policycredit.geo.models import AdminUnit, Level, Office, TransactionPoint
from policycredit.geo.selectors import main_successor
from policycredit.geo.services import save_office, save_transaction_point, save_unit
from policycredit.inspections import selectors as inspection_selectors
from policycredit.inspections.services import record_group_inspection, record_loan_use_check
from policycredit.loans.services import advance_application, disburse, submit_application
from policycredit.network.models import MassOrganisation, OrganisationKind, SavingsGroup
from policycredit.network.services import add_member, save_group, save_organisation
from policycredit.programmes.models import Programme
from policycredit.restructuring import services as risk
from policycredit.savings.services import deposit
from policycredit.supervision.tests.matrix import build as supervision_records
from policycredit.transactiondays import selectors as day_selectors
from policycredit.transactiondays import services as days

D = datetime.date
APPLIED, APPROVED, DISBURSED, DAY = D(2024, 3, 1), D(2024, 3, 10), D(2026, 3, 15), D(2026, 6, 15)
SUBMITTED = D(2026, 5, 15)  # the month before: a day the teller has handed to the controller
FEES_COMPUTED = D(2026, 6, 20)
USE_CHECKED, RISK_FOUND, INSPECTED = D(2026, 3, 25), D(2026, 4, 2), D(2026, 6, 10)
# The smallest file a scanner's PDF starts like: the dossier judges a scan by its first bytes.
SCAN = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@dataclass
class Area:
    office: Office
    point: TransactionPoint
    organisation: MassOrganisation
    group: SavingsGroup
    household: Household
    person: Person
    poverty: PovertyRecord
    membership: object
    staff: dict  # role -> the user of that role whose area this is
    application: object = None
    loan: object = None
    savings: object = None
    day: object = None
    decision: object = None
    extra: dict = field(default_factory=dict)


@dataclass
class World:
    users: dict  # role -> User, plus "anonymous" -> None
    inside: Area
    outside: Area


def build() -> World:
    admin = User.objects.get(username="admin")
    staff = {
        role: User.objects.get(username=name)
        for role, name in [
            (Role.DIRECTOR, "giamdoc"),
            (Role.CREDIT_OFFICER, "tindung"),
            (Role.ACCOUNTANT, "ketoan"),
            (Role.TELLER, "giaodich"),
            (Role.CONTROLLER, "kiemsoat"),
            (Role.ORGANISATION_OFFICER, "hoiphunu"),
            (Role.GROUP_LEADER, "totruong"),
            (Role.BOARD_MEMBER, "bandaidien"),
        ]
    }
    inside = _inside(staff)
    outside = _outside(admin)
    inside.extra["user"] = staff[Role.TELLER].pk
    outside.extra["user"] = outside.staff[Role.TELLER].pk
    users = {**inside.staff, Role.ADMINISTRATOR: admin}
    return World(users={**users, "anonymous": None}, inside=inside, outside=outside)


def _user(username: str, role: str, **scope) -> User:
    """A user of the fixture, saved as the console saves one (no second person to approve);
    signed in with force_login, so the password is never typed."""
    user = User(username=username, role=role, first_name="Ma trận", last_name=role, **scope)
    user.set_unusable_password()
    return save_user(actor=None, instance=user)


def _inside(staff) -> Area:
    """The demo group leader's group; a ward officer is made for its household's ward (the
    demo's two ward officers look after other wards)."""
    group = staff[Role.GROUP_LEADER].group
    members = group.memberships.filter(left__isnull=True, household__head__isnull=False)
    membership = next(
        m
        for m in members.select_related("household").order_by("household__code")
        if _poor_in_2024(m.household)
    )
    household = membership.household
    ward = household.ward
    staff = {
        **staff,
        Role.WARD_OFFICER: _user(
            "matrix.ward", Role.WARD_OFFICER, unit=main_successor(ward) or ward
        ),
    }
    area = Area(
        office=group.office,
        point=group.transaction_point,
        organisation=group.organisation,
        group=group,
        household=household,
        person=household.head,
        poverty=household.poverty_records.order_by("-year").first(),
        membership=membership,
        staff=staff,
        decision=EntrustmentDecision.objects.filter(office=group.office).first(),
    )
    _money(area)
    return area


def _poor_in_2024(household) -> bool:
    latest = household.poverty_records.filter(year__lte=2024).order_by("-year").first()
    return latest is not None and latest.status == "poor"


def _outside(admin) -> Area:
    def unit(code, name, level, parent=None):
        return save_unit(
            actor=admin,
            instance=AdminUnit(code=code, name=name, level=level, parent=parent),
        )

    province = unit("M31", "Thành phố Ma Trận", Level.PROVINCE)
    district = unit("M311", "Quận Ngoài", Level.DISTRICT, province)
    ward = unit("M31101", "Phường Ngoài", Level.WARD, district)
    office = save_office(
        actor=admin, instance=Office(code="PGD-NGOAI", name="PGD Ngoài", area=district)
    )
    point = save_transaction_point(
        actor=admin,
        instance=TransactionPoint(
            code="DGD-NGOAI",
            name="Điểm giao dịch Phường Ngoài",
            office=office,
            ward=ward,
            address="1 Đường Ngoài",
            day_of_month=15,
        ),
    )
    organisation = save_organisation(
        actor=admin,
        instance=MassOrganisation(
            kind=OrganisationKind.WOMEN,
            level="ward",
            unit=ward,
            name="Hội Liên hiệp Phụ nữ Phường Ngoài",
        ),
    )
    household = save_household(
        actor=admin,
        instance=Household(code="NGOAI-0001", office=office, ward=ward, address="2 Đường Ngoài"),
    )
    person = save_person(
        actor=admin,
        instance=Person(
            household=household,
            full_name="Trần Thị Ngoài",
            gender="F",
            birth_date=D(1980, 5, 1),
            cccd="031180000001",
            relation=HEAD,
        ),
    )
    household.refresh_from_db()
    poverty = save_poverty_record(
        actor=admin, instance=PovertyRecord(household=household, year=2023, status="poor")
    )
    save_poverty_record(
        actor=admin, instance=PovertyRecord(household=household, year=2024, status="poor")
    )
    group = save_group(
        actor=admin,
        instance=SavingsGroup(
            code="NGOAI-TO1",
            name="Tổ TK&VV Ngoài",
            organisation=organisation,
            transaction_point=point,
            leader=person,
            founded=D(2020, 1, 1),
        ),
    )
    membership = add_member(actor=admin, group=group, household=household, joined=D(2020, 1, 1))
    office_staff = {
        role: _user(f"matrix.ngoai.{role}", role, office=office)
        for role in (
            Role.DIRECTOR,
            Role.CREDIT_OFFICER,
            Role.ACCOUNTANT,
            Role.TELLER,
            Role.CONTROLLER,
        )
    }
    staff = {
        **office_staff,
        Role.WARD_OFFICER: _user("matrix.ngoai.ward", Role.WARD_OFFICER, unit=ward),
        Role.ORGANISATION_OFFICER: _user(
            "matrix.ngoai.org", Role.ORGANISATION_OFFICER, organisation=organisation
        ),
        Role.GROUP_LEADER: _user("matrix.ngoai.leader", Role.GROUP_LEADER, group=group),
        Role.BOARD_MEMBER: _user("matrix.ngoai.board", Role.BOARD_MEMBER, unit=province),
    }
    decision = approved(
        save_decision(
            actor=staff[Role.ACCOUNTANT],
            instance=EntrustmentDecision(
                source=CapitalSource.objects.get(code="TW"),
                office=office,
                number="KH-2024/MATRAN",
                date=D(2024, 1, 10),
                amount=10_000_000_000,
            ),
            programmes=list(Programme.objects.all()),
        ),
        staff[Role.DIRECTOR],
    )
    area = Area(
        office=office,
        point=point,
        organisation=organisation,
        group=group,
        household=household,
        person=person,
        poverty=poverty,
        membership=membership,
        staff=staff,
        decision=decision,
    )
    _money(area)
    return area


def _money(area: Area) -> None:
    """A loan of 50 million đồng, a savings deposit and a transaction day, each step by the
    area's own person whose step it is (four eyes: never one person twice)."""
    staff = area.staff
    application = submit_application(
        actor=staff[Role.CREDIT_OFFICER],
        household=area.household,
        borrower=area.household.head,
        programme=Programme.objects.get(code="HN"),
        group=area.group,
        amount=50_000_000,
        term_months=24,
        purpose="Chăn nuôi lợn",
        applied_on=APPLIED,
    )
    for step, role in STEPS:
        advance_application(actor=staff[role], application=application, to=step, on=D(2024, 3, 5))
    advance_application(
        actor=staff[Role.DIRECTOR], application=application, to="approved", on=APPROVED
    )
    teller, controller = staff[Role.TELLER], staff[Role.CONTROLLER]
    with replaying(DISBURSED):
        source = CapitalSource.objects.get(code="TW")
        area.loan = approved(
            disburse(actor=teller, application=application, source=source, on=DISBURSED),
            controller,
        )
        area.savings = approved(
            deposit(actor=teller, membership=area.membership, amount=100_000, on=DISBURSED),
            controller,
        )
    # A day opens only on its point's session: the world's point sits on DAY's day.
    area.point.day_of_month = DAY.day
    area.point.save(update_fields=["day_of_month"])
    with replaying(DAY):
        area.day = days.open_day(actor=teller, point=area.point, on=DAY)
        move_day(
            actor=staff[Role.DIRECTOR],
            point=area.point,
            original=D(2026, 7, area.point.day_of_month),
            moved_to=D(2026, 7, area.point.day_of_month + 1),
            reason="Mất điện",
        )
    _submitted_day(area)
    # May's statements (nothing collected yet: they owe nothing, so none is paid out).
    with replaying(FEES_COMPUTED):
        approved(
            compute_month(actor=staff[Role.ACCOUNTANT], office=area.office, month=D(2026, 5, 1)),
            staff[Role.DIRECTOR],
        )
    application.refresh_from_db()
    area.application = application
    _risk(area)
    _field_checks(area)
    supervision_records(area)
    _budget_plan(area)
    _credit_plan(area)
    board_records(area)


def _submitted_day(area: Area) -> None:
    """May's day, submitted by the teller with nothing collected (each group's note says why):
    the controller's confirmation page answers only for a day waiting for sign-off."""
    teller = area.staff[Role.TELLER]
    with replaying(SUBMITTED):
        day = days.open_day(actor=teller, point=area.point, on=SUBMITTED)
        for group in day_selectors.groups_not_entered(day):
            days.record_no_collection(actor=teller, day=day, group=group, reason="Mưa bão")
        days.record_cash_count(actor=teller, day=day, counts={})
        area.extra["submitted_day"] = days.submit(actor=teller, day=day).pk


def _risk(area: Area) -> None:
    """A storm's dossier on the loan: opened and assessed by the credit officer, confirmed by
    the ward, a scan received, and an extension of the next instalment the director approves."""
    staff = area.staff
    officer = staff[Role.CREDIT_OFFICER]
    with replaying(RISK_FOUND):
        dossier = risk.open_dossier(
            actor=officer,
            loan=area.loan,
            cause="disaster",
            description="Bão làm sập chuồng trại",
            event_on=RISK_FOUND - datetime.timedelta(days=2),
        )
        risk.record_loss(
            actor=officer, dossier=dossier, by_group=5_000_000, by_organisation=5_000_000
        )
        dossier = risk.confirm_by_ward(
            actor=staff[Role.WARD_OFFICER], dossier=dossier, reference="12/XN-UBND"
        )
        area.extra["risk_document"] = risk.attach_document(
            actor=officer,
            dossier=dossier,
            kind="ward_confirmation",
            upload=SimpleUploadedFile("xac-nhan.pdf", SCAN),
        ).pk
        area.loan.refresh_from_db()
        due = area.loan.next_due
        measure = risk.propose_measure(
            actor=officer,
            loan=area.loan,
            kind="extension",
            parameters={
                "due": due.isoformat(),
                "new_due": (due + datetime.timedelta(days=90)).isoformat(),
                "reason": "Thiệt hại do bão",
            },
            on=RISK_FOUND,
            dossier=dossier,
        )
        risk.approve_measure(actor=staff[Role.DIRECTOR], measure=measure)
    area.extra["risk_dossier"], area.extra["measure"] = dossier.pk, measure.pk


def _field_checks(area: Area) -> None:
    """The organisation officer's 06/TD check of the loan ten days after it was paid out and
    the group's 16/TD inspection of the year."""
    officer = area.staff[Role.ORGANISATION_OFFICER]
    with replaying(USE_CHECKED):
        area.extra["use_check"] = record_loan_use_check(
            actor=officer, loan=area.loan, checked_on=USE_CHECKED, outcome="as_planned"
        ).pk
    # Every criterion gets its most points but one, on the sheet in force that day.
    criteria, _bands = inspection_selectors.sheet_in_force(INSPECTED)
    with replaying(INSPECTED):
        area.extra["inspection"] = record_group_inspection(
            actor=officer,
            group=area.group,
            inspected_on=INSPECTED,
            scores={c.code: c.max_score - 1 for c in criteria},
        ).pk


def _credit_plan(area: Area) -> None:
    """The office's credit plan of 2026, set by its director."""
    with replaying(D(2026, 1, 10)):
        version = set_plan(
            actor=area.staff[Role.DIRECTOR],
            office=area.office,
            year=2026,
            decision_number=f"KH-TD-2026/{area.office.code}",
            decision_date=D(2026, 1, 10),
            lines=[
                (
                    Programme.objects.get(code="HN"),
                    CapitalSource.objects.get(code="TW"),
                    PlanAmounts(1_000_000_000, 400_000_000, 600_000_000),
                )
            ],
        )
    area.extra["credit_plan"] = version.plan_id


def _budget_plan(area: Area) -> None:
    """The ward's own budget's plan for 2024 at the office, entered by the accountant: the
    area's ward officer sees his ward's budget, the office and the board see the office's."""
    from_unit = area.staff[Role.WARD_OFFICER].unit
    source = save_source(
        actor=area.staff[Role.ACCOUNTANT],
        instance=CapitalSource(
            code=f"NS-{area.office.code}"[:20], name=f"Ngân sách {from_unit.name}",
            level="commune", unit=from_unit,
        ),
    )  # fmt: skip
    area.extra["budget_plan"] = save_plan(
        actor=area.staff[Role.ACCOUNTANT],
        instance=BudgetPlan(
            source=source, office=area.office, year=2024, planned=1_000_000_000,
            estimate_document="NQ 1/NQ-HĐND", estimate_date=D(2023, 12, 15),
        ),
    ).pk  # fmt: skip


STEPS = [
    ("reviewed", Role.GROUP_LEADER),
    ("appraised", Role.ORGANISATION_OFFICER),
    ("confirmed", Role.WARD_OFFICER),
]
