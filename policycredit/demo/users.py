"""The demo district's log-ins: the administrator who loads it and one user of every role,
each scoped to the office, a ward, the Women's Union, a group or the province."""

import functools

from django.contrib.auth.hashers import make_password

from policycredit.accounts.models import ActLimit, ActPolicy, User
from policycredit.accounts.policy_defaults import seed as seed_policy
from policycredit.accounts.roles import Role
from policycredit.accounts.services import save_user
from policycredit.demo.context import Context
from policycredit.inspections.defaults import seed as seed_score_sheet
from policycredit.inspections.models import Criterion, GradeBand
from policycredit.network.models import OrganisationKind
from policycredit.restructuring.defaults import install as install_risk_rules
from policycredit.restructuring.models import ApprovalRule, LossBand

DEMO_PASSWORD = "demo"

DEMO_USERS = [
    # username, role, first name, last name, scope
    ("giamdoc", Role.DIRECTOR, "Nguyễn Thị", "Thanh Hương", "office"),
    ("tindung", Role.CREDIT_OFFICER, "Trần Văn", "Minh", "office"),
    ("ketoan", Role.ACCOUNTANT, "Lê Thị", "Hồng", "office"),
    ("giaodich", Role.TELLER, "Phạm Thu", "Trang", "office"),
    ("kiemsoat", Role.CONTROLLER, "Vũ Đức", "Long", "office"),
    ("phuong.vinhtuy", Role.WARD_OFFICER, "Đỗ Văn", "Hải", "ward:Vĩnh Tuy"),
    ("phuong.bachmai", Role.WARD_OFFICER, "Hoàng Thị", "Lan", "ward:Bạch Mai"),
    ("hoiphunu", Role.ORGANISATION_OFFICER, "Bùi Thị", "Mai", "organisation"),
    ("totruong", Role.GROUP_LEADER, "", "", "group"),
    ("bandaidien", Role.BOARD_MEMBER, "Ngô Quang", "Vinh", "province"),
]


@functools.cache
def _demo_hash() -> str:
    """The public demo password, hashed once: each hash costs a deliberate quarter second, and
    every demo user has the same password anyway."""
    return make_password(DEMO_PASSWORD)


def administrator() -> User:
    admin = User(
        username="admin",
        first_name="Quản trị",
        last_name="Hệ thống",
        role=Role.ADMINISTRATOR,
        is_superuser=True,
        is_staff=True,
    )
    admin.password = _demo_hash()
    save_user(actor=None, instance=admin)
    return admin


def build(ctx: Context) -> None:
    # The four-eyes rules, the risk bands with who decides each measure, and the 16/TD score
    # sheet come with the migrations; a test database emptied since gets them here.
    seed_policy(ActPolicy, ActLimit)
    install_risk_rules(LossBand, ApprovalRule)
    seed_score_sheet(Criterion, GradeBand)
    for username, role, first, last, scope in DEMO_USERS:
        user = User(username=username, role=role, first_name=first, last_name=last)
        if scope == "office":
            user.office = ctx.office
        elif scope.startswith("ward:"):
            user.unit = ctx.new_wards[scope.split(":", 1)[1]]
        elif scope == "organisation":
            user.organisation = ctx.organisations[(OrganisationKind.WOMEN, None)]
        elif scope == "group":
            user.group = ctx.groups[0]
            leader = ctx.groups[0].leader
            user.first_name, user.last_name = leader.full_name.rsplit(" ", 1)
        elif scope == "province":
            user.unit = ctx.province
        user.password = _demo_hash()
        # Loaded at the console, like the administrator: no second person exists yet to
        # approve a new user's access (accounts.services.save_user).
        save_user(actor=None, instance=user)
