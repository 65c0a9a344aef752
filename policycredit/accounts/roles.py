"""Roles, the scope each one needs, and what each may see and change.

Permissions are kept here as one table rather than in Django's permission rows so that a
reader sees the whole access model on one screen and a migration cannot drift from it.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TELLER = "teller", _("teller")
    CONTROLLER = "controller", _("controller")
    CREDIT_OFFICER = "credit_officer", _("credit officer")
    ACCOUNTANT = "accountant", _("accountant")
    DIRECTOR = "director", _("office director")
    WARD_OFFICER = "ward_officer", _("ward officer")
    ORGANISATION_OFFICER = "organisation_officer", _("mass-organisation officer")
    GROUP_LEADER = "group_leader", _("group leader")
    BOARD_MEMBER = "board_member", _("board member")
    ADMINISTRATOR = "administrator", _("administrator")


class ScopeKind(models.TextChoices):
    ALL = "all", _("everything")
    OFFICE = "office", _("office")
    UNIT = "unit", _("administrative unit")
    ORGANISATION = "organisation", _("mass-organisation unit")
    GROUP = "group", _("savings-and-loan group")


class Act(models.TextChoices):
    """The acts the four-eyes policy governs (`accounts.policy`): who may take each, who may
    approve it as the second person, and up to what amount a role may take it alone. Their
    rules are rows of `ActPolicy`, set by the office's administrator."""

    APPLICATION_APPROVE = "application.approve", _("approve a loan application")
    LOAN_DISBURSE = "loan.disburse", _("disburse a loan")
    LOAN_REPAY = "loan.repay", _("take a repayment at the counter")
    SAVINGS_DEPOSIT = "savings.deposit", _("take a savings deposit at the counter")
    SAVINGS_WITHDRAW = "savings.withdraw", _("pay out savings in cash")
    LOAN_REVERSE = "loan.reverse", _("reverse a loan transaction")
    SAVINGS_REVERSE = "savings.reverse", _("reverse a savings movement")
    LOAN_EXTEND = "loan.extend", _("extend or adjust a loan's repayment terms")
    LOAN_FREEZE = "loan.freeze", _("freeze a debt")
    LOAN_WRITE_OFF = "loan.write_off", _("write off a debt")
    LOAN_TRANSFER = "loan.transfer", _("transfer a debt to another household member")
    CAPITAL_DECISION = "capital.decision", _("record an entrustment decision")
    REGISTER_IMPORT = "register.import", _("import the bank's loan register")
    USER_CHANGE = "accounts.user", _("create a user or change a role or scope")


SCOPE_OF_ROLE = {
    Role.TELLER: ScopeKind.OFFICE,
    Role.CONTROLLER: ScopeKind.OFFICE,
    Role.CREDIT_OFFICER: ScopeKind.OFFICE,
    Role.ACCOUNTANT: ScopeKind.OFFICE,
    Role.DIRECTOR: ScopeKind.OFFICE,
    Role.WARD_OFFICER: ScopeKind.UNIT,
    Role.BOARD_MEMBER: ScopeKind.UNIT,
    Role.ORGANISATION_OFFICER: ScopeKind.ORGANISATION,
    Role.GROUP_LEADER: ScopeKind.GROUP,
    Role.ADMINISTRATOR: ScopeKind.ALL,
}

_MASTER = {
    "geo",
    "network",
    "borrowers",
    "programmes",
    "capital",
    "loans",
    "ledger",
    "savings",
    "fees",
    "calendar",
}
_ALL = _MASTER | {"audit", "accounts", "common"}

# The rule tables of risk handling and of the group inspection, which the administrator keeps
# by decision. Named model by model: the dossiers, measures, checks and inspections beside them
# are written by their services only, never on the admin's screens.
_RULE_TABLES = {
    "restructuring.lossband",
    "restructuring.approvalrule",
    "inspections.criterion",
    "inspections.gradeband",
    "budgets.interestuserule",
    "inspections.qualityrule",
    "boards.levelperiod",
}

# The review document's wording (`reviews`): the administrator keeps it; everyone who may see
# the reports may produce the document (reports.view).
_WORDING = {"reviews"}

# role -> (app labels it may view, "app.model" or app labels it may add/change)
PERMISSIONS: dict[str, tuple[set[str], set[str]]] = {
    Role.ADMINISTRATOR: (_ALL | _RULE_TABLES | _WORDING, _ALL | _RULE_TABLES | _WORDING),
    Role.DIRECTOR: (
        _MASTER | {"audit"} | _RULE_TABLES,
        {"network", "borrowers", "geo.transactionpoint", "loans"},
    ),
    Role.CREDIT_OFFICER: (_MASTER | _RULE_TABLES, {"network", "borrowers", "loans.application"}),
    Role.ACCOUNTANT: (_MASTER, {"capital", "ledger.chartaccount", "fees"}),
    Role.TELLER: (_MASTER, set()),
    Role.CONTROLLER: (_MASTER | {"audit"}, set()),
    Role.WARD_OFFICER: (
        {"network", "borrowers", "loans", "calendar"},
        {"borrowers.povertyrecord"},
    ),
    Role.ORGANISATION_OFFICER: (
        {"network", "borrowers", "loans", "savings", "fees", "calendar"},
        {"network"},
    ),
    Role.GROUP_LEADER: ({"network", "borrowers", "loans", "savings", "fees", "calendar"}, set()),
    Role.BOARD_MEMBER: (_MASTER, set()),
}


def _allowed(names: set[str], app_label: str, model_name: str) -> bool:
    return app_label in names or f"{app_label}.{model_name}" in names


def can_view(user, app_label: str, model_name: str) -> bool:
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    view, change = PERMISSIONS.get(user.role, (set(), set()))
    return _allowed(view, app_label, model_name) or _allowed(change, app_label, model_name)


def can_change(user, app_label: str, model_name: str) -> bool:
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return _allowed(PERMISSIONS.get(user.role, (set(), set()))[1], app_label, model_name)


# Steps of the loan life, and who may take each (administrators may take all).
ACTIONS: dict[str, set[str]] = {
    "application.submit": {Role.CREDIT_OFFICER, Role.DIRECTOR, Role.ORGANISATION_OFFICER},
    "application.reviewed": {Role.GROUP_LEADER, Role.ORGANISATION_OFFICER, Role.CREDIT_OFFICER},
    "application.appraised": {Role.ORGANISATION_OFFICER, Role.CREDIT_OFFICER},
    "application.confirmed": {Role.WARD_OFFICER, Role.CREDIT_OFFICER},
    "application.approved": {Role.DIRECTOR},
    "application.rejected": {
        Role.DIRECTOR,
        Role.CREDIT_OFFICER,
        Role.WARD_OFFICER,
        Role.ORGANISATION_OFFICER,
    },
    "loan.disburse": {Role.TELLER, Role.DIRECTOR},
    "loan.repay": {Role.TELLER},
    "loan.reschedule": {Role.DIRECTOR, Role.CREDIT_OFFICER},
    "loan.freeze": {Role.DIRECTOR},
    "loan.write_off": {Role.DIRECTOR},
    "loan.reverse": {Role.CONTROLLER, Role.DIRECTOR},
    "loan.jobs": {Role.CREDIT_OFFICER, Role.ORGANISATION_OFFICER},
    "savings.deposit": {Role.TELLER},
    "savings.withdraw": {Role.TELLER},
    "savings.reverse": {Role.CONTROLLER, Role.DIRECTOR},
    "fees.compute": {Role.ACCOUNTANT, Role.DIRECTOR},
    "fees.pay": {Role.TELLER, Role.ACCOUNTANT},
    "calendar.move": {Role.DIRECTOR, Role.CREDIT_OFFICER},
    # The monthly transaction day: the teller takes entries, the controller signs off.
    "day.view": {
        Role.TELLER,
        Role.CONTROLLER,
        Role.CREDIT_OFFICER,
        Role.ACCOUNTANT,
        Role.DIRECTOR,
        Role.ORGANISATION_OFFICER,
        Role.GROUP_LEADER,
        Role.WARD_OFFICER,
    },
    "day.enter": {Role.TELLER},
    "day.sign_off": {Role.CONTROLLER},
    # The close of day from its page (the nightly close is the operating system's timer):
    # it closes the business date for the whole installation.
    "day.close": {Role.ACCOUNTANT, Role.DIRECTOR},
    # The bank's layouts (HSTD register, monthly telegram): they carry citizen IDs in full.
    "register.export": {Role.ACCOUNTANT, Role.DIRECTOR},
    # Taking in the bank's register opens loans and posts their opening position.
    "register.import": {Role.ACCOUNTANT, Role.DIRECTOR},
    "ledger.view": {
        Role.ACCOUNTANT,
        Role.DIRECTOR,
        Role.CONTROLLER,
        Role.TELLER,
        Role.CREDIT_OFFICER,
        Role.BOARD_MEMBER,
    },
    # Risk dossiers and the measures on a loan: the office and the organisation open a
    # dossier, the ward's People's Committee confirms it, the credit officer proposes a
    # measure and the director decides it (or confirms the higher level's decision).
    "risk.view": {
        Role.CREDIT_OFFICER,
        Role.DIRECTOR,
        Role.CONTROLLER,
        Role.WARD_OFFICER,
        Role.ORGANISATION_OFFICER,
    },
    "risk.open": {Role.CREDIT_OFFICER, Role.ORGANISATION_OFFICER},
    "risk.document": {Role.CREDIT_OFFICER, Role.ORGANISATION_OFFICER, Role.WARD_OFFICER},
    "risk.confirm": {Role.WARD_OFFICER},
    "risk.propose": {Role.CREDIT_OFFICER, Role.DIRECTOR},
    "risk.decide": {Role.DIRECTOR},
    # The loan-use check (06/TD) and the yearly group inspection (16/TD): the organisation
    # that manages the group does them, the bank's credit officer too.
    "inspections.check": {Role.ORGANISATION_OFFICER, Role.CREDIT_OFFICER},
    "inspections.inspect": {Role.ORGANISATION_OFFICER, Role.CREDIT_OFFICER},
    "inspections.view": {
        Role.ORGANISATION_OFFICER,
        Role.CREDIT_OFFICER,
        Role.DIRECTOR,
        Role.CONTROLLER,
        Role.WARD_OFFICER,
        Role.BOARD_MEMBER,
    },
    # The group leader's papers for the next transaction day (what each member owes, the
    # 13/TD statement): the leader for his group, the office's and organisation's officers
    # for any group of their area.
    "leader.papers": {
        Role.GROUP_LEADER,
        Role.CREDIT_OFFICER,
        Role.ORGANISATION_OFFICER,
        Role.TELLER,
    },
    # The field app (issue 21): who downloads a group's figures to a phone ("field.use"),
    # who records what members hand over at the meeting, the 13/TD statement
    # ("field.collect": the leader, the organisation's officer standing in for him, the teller
    # taking it at the point), and who resolves a statement that met changed figures
    # ("field.resolve": whoever may record it, and the credit officer, who answers for the
    # office's figures; each within his area).
    "field.use": {
        Role.GROUP_LEADER,
        Role.ORGANISATION_OFFICER,
        Role.CREDIT_OFFICER,
        Role.TELLER,
    },
    "field.collect": {Role.GROUP_LEADER, Role.ORGANISATION_OFFICER, Role.TELLER},
    "field.resolve": {
        Role.GROUP_LEADER,
        Role.ORGANISATION_OFFICER,
        Role.TELLER,
        Role.CREDIT_OFFICER,
    },
    # The log of the borrowers' own look-ups (selfservice): the office's director and controller
    # read who looked up which of their loans, and how many tries were refused.
    "selfservice.log": {Role.DIRECTOR, Role.CONTROLLER},
    # The entrusting government's side (issue 20). The bank's office keeps the books of the
    # budgets' money and is the boards' secretariat; the board member and the ward's officer
    # (the government officer) see their area's plans, meetings, inspections and reports, and a
    # member records the checks he makes and reports on the tasks he was given.
    "budgets.view": {
        Role.DIRECTOR,
        Role.ACCOUNTANT,
        Role.CONTROLLER,
        Role.CREDIT_OFFICER,
        Role.BOARD_MEMBER,
        Role.WARD_OFFICER,
    },
    "budgets.manage": {Role.ACCOUNTANT, Role.DIRECTOR},
    "creditplans.view": {
        Role.DIRECTOR,
        Role.ACCOUNTANT,
        Role.CONTROLLER,
        Role.CREDIT_OFFICER,
        Role.BOARD_MEMBER,
        Role.WARD_OFFICER,
        Role.ORGANISATION_OFFICER,
    },
    "creditplans.manage": {Role.DIRECTOR, Role.CREDIT_OFFICER},
    "boards.view": {
        Role.DIRECTOR,
        Role.CONTROLLER,
        Role.CREDIT_OFFICER,
        Role.ACCOUNTANT,
        Role.BOARD_MEMBER,
        Role.WARD_OFFICER,
        Role.ORGANISATION_OFFICER,
    },
    "boards.manage": {Role.DIRECTOR, Role.CREDIT_OFFICER},
    "boards.task": {
        Role.DIRECTOR,
        Role.CREDIT_OFFICER,
        Role.BOARD_MEMBER,
        Role.WARD_OFFICER,
        Role.ORGANISATION_OFFICER,
    },
    "supervision.view": {
        Role.DIRECTOR,
        Role.CONTROLLER,
        Role.CREDIT_OFFICER,
        Role.BOARD_MEMBER,
        Role.WARD_OFFICER,
        Role.ORGANISATION_OFFICER,
    },
    "supervision.plan": {Role.DIRECTOR, Role.CREDIT_OFFICER},
    "supervision.record": {
        Role.DIRECTOR,
        Role.CREDIT_OFFICER,
        Role.BOARD_MEMBER,
        Role.WARD_OFFICER,
        Role.ORGANISATION_OFFICER,
    },
    # Text messages to households (notices): the office's outbox; the teller and the credit
    # officer send a day's messages and retry or cancel one; a message left "sending" by a
    # worker that died may have gone out, so the director or the credit officer settles it.
    "notices.view": {Role.DIRECTOR, Role.CREDIT_OFFICER, Role.TELLER, Role.CONTROLLER},
    "notices.send": {Role.TELLER, Role.CREDIT_OFFICER},
    "notices.settle": {Role.DIRECTOR, Role.CREDIT_OFFICER},
    # Any signed-in person makes and revokes their own API tokens (api.tokens); the
    # administrator may revoke anyone's (a lost laptop, a person who left).
    "api.tokens.revoke_any": {Role.ADMINISTRATOR},
    # Reports and dashboards: read-only, each scoped to what the user may see.
    "reports.view": {
        Role.DIRECTOR,
        Role.BOARD_MEMBER,
        Role.WARD_OFFICER,
        Role.ORGANISATION_OFFICER,
        Role.ACCOUNTANT,
        Role.CREDIT_OFFICER,
        Role.CONTROLLER,
    },
}


def can_act(user, action: str) -> bool:
    if not user.is_active:
        return False
    return user.is_superuser or user.role in ACTIONS[action]


def require_action(user, action: str) -> None:
    """A screen's guard: the user's role may take this action, else 403."""
    if not can_act(user, action):
        raise PermissionDenied
