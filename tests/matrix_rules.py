"""What every URL of the site should answer to every role: the access matrix's expectations.

The admin's model screens follow the role table (`accounts/roles.py`: PERMISSIONS through
`can_view` / `can_change`); the business pages follow the actions a role may take (ACTIONS
through `can_act`) and are listed in PAGES by URL name. A URL that is neither an admin model
screen nor in PAGES has no expectation, and the matrix fails naming it: whoever adds a page
says here who may open it.

The project's answers, which the matrix holds it to:
- anonymous: a redirect to the sign-in page, for every page but the API's (Page.api), which
  answer 401 (there is no page to come back to after signing in);
- a role without the right: 403, on lists and on records alike. Where a screen looks the
  record up before it checks the right, a record the role cannot see answers 404 instead
  (both refuse, neither shows the record): such cases accept {403, 404};
- a role with the right, a record in its area: 200 (a list-only admin record redirects to
  its business page, 302);
- a record outside its area: 404, exactly like a missing one (never 403, which would tell
  the record exists).
"""

from dataclasses import dataclass

from policycredit.accounts.roles import Role, can_act, can_change, can_view

OK, FOUND_ELSEWHERE, DENIED, MISSING, LOGIN = "200", "302", "403", "404", "login"
REFUSED = frozenset({DENIED, MISSING})

# Admin screens whose records no screen adds or changes, whatever the role table says: the
# audit log, the books' entries and savings movements are written by services only, and the
# chart of accounts is loaded, not added to.
NO_ADD = {"audit.auditevent", "ledger.journalentry", "savings.savingstransaction"}
NO_ADD |= {"ledger.chartaccount", "django_tasks_database.dbtaskresult"}
NO_CHANGE = {"audit.auditevent", "ledger.journalentry", "savings.savingstransaction"}
# Lists whose records open on their business page (accounts.admin_base.ListOnlyAdmin).
LIST_ONLY = {
    "loans.application",
    "loans.loan",
    "fees.feestatement",
    "fees.commissionstatement",
    "fees.payout",
}
# Django's own models, outside the role table: the superuser's alone.
SUPERUSER_ONLY = {"auth.group", "django_tasks_database.dbtaskresult"}


# Records of the inside area that are still outside a role's own, narrower area: a fee
# statement is the office's entrustment fee to the organisations, not a group's (the group
# leader sees his group's commission only).
NARROWER = {"fees.feestatement": {Role.GROUP_LEADER}}


def inside_for(user, label: str, case: str) -> str:
    """The case as the role sees it: "inside" becomes "outside" where its area is narrower."""
    if case == "inside" and user is not None and user.role in NARROWER.get(label, ()):
        return "outside"
    return case


def may_view(user, label: str) -> bool:
    if user is None:
        return False
    if label in SUPERUSER_ONLY:
        return user.is_superuser
    return can_view(user, *label.split("."))


def may_add(user, label: str) -> bool:
    if user is None or label in NO_ADD | LIST_ONLY:
        return False
    if label in SUPERUSER_ONLY:
        return user.is_superuser
    return can_change(user, *label.split("."))


def may_change(user, label: str) -> bool:
    if user is None or label in NO_CHANGE | LIST_ONLY:
        return False
    if label in SUPERUSER_ONLY:
        return user.is_superuser
    return can_change(user, *label.split("."))


def admin_expectation(user, label: str, action: str, case: str) -> frozenset:
    """The answer to GET on an admin model screen; `case` is "list", "inside" or "outside"."""
    case = inside_for(user, label, case)
    if user is None:
        return frozenset({LOGIN})
    if action == "delete":
        return frozenset({DENIED})  # nothing is deleted from a screen, whoever asks
    if action == "redirect":
        return frozenset({FOUND_ELSEWHERE})  # Django's bare record URL goes to its change form
    if action == "changelist":
        return frozenset({OK if may_view(user, label) else DENIED})
    if action == "add":
        return frozenset({OK if may_add(user, label) else DENIED})
    right = may_change(user, label) if action == "password" else may_view(user, label)
    if not right:
        return REFUSED if case == "inside" else frozenset({MISSING}) | {DENIED}
    if case == "outside" and not user.is_superuser:
        return frozenset({MISSING})
    if action == "change" and label in LIST_ONLY:
        return frozenset({FOUND_ELSEWHERE})
    return frozenset({OK})


@dataclass(frozen=True)
class Page:
    """A business page: who may open it, and which records its URL names.

    `rule`: an action of ACTIONS; "signed_in" for every signed-in role; "view:app.model" for
    the role table's view right; "anyone" for pages without sign-in. `ids`: the URL's
    arguments as names of the fixture's records (see test_matrix.ids_of); an empty dict for a
    page without arguments. `post_only`: the page answers POST only; the matrix posts as the
    wrong roles (which must be refused before anything is written) and GETs as the right ones
    (405).
    """

    rule: str
    ids: tuple = ()
    post_only: bool = False
    # The business page redirects a role with the right (e.g. to the page of its result).
    found_elsewhere: bool = False
    # A REST API endpoint (policycredit/api): a stranger gets 401, not the sign-in page.
    api: bool = False


PAGES = {
    # Risk dossiers and measures.
    "restructuring:dossiers": Page("risk.view"),
    "restructuring:open": Page("risk.open", ids=("loan_id:loan",)),
    "restructuring:propose": Page("risk.propose", ids=("loan_id:loan",)),
    "restructuring:dossier": Page("risk.view", ids=("pk:risk_dossier",)),
    "restructuring:scan": Page("risk.view", ids=("pk:risk_document",)),
    "restructuring:measure": Page("risk.view", ids=("pk:measure",)),
    "restructuring:decision": Page("risk.view", ids=("pk:measure",)),
    # Field checks (06/TD, 16/TD).
    "inspections:checks": Page("inspections.view"),
    "inspections:check_new": Page("inspections.check", ids=("pk:loan",)),
    "inspections:check": Page("inspections.view", ids=("pk:use_check",)),
    "inspections:check_correct": Page("inspections.check", ids=("pk:use_check",)),
    "inspections:groups": Page("inspections.view"),
    "inspections:inspect": Page("inspections.inspect", ids=("pk:group",)),
    "inspections:inspection": Page("inspections.view", ids=("pk:inspection",)),
    "inspections:inspection_correct": Page("inspections.inspect", ids=("pk:inspection",)),
    "inspections:summary": Page("inspections.view"),
    # Supervision and inspection by the entrusting side (issue 20).
    "supervision:plans": Page("supervision.view"),
    "supervision:plan_new": Page("supervision.plan"),
    "supervision:plan": Page("supervision.view", ids=("pk:supervision_plan",)),
    "supervision:line_new": Page("supervision.plan", ids=("pk:supervision_plan",)),
    "supervision:check_new": Page("supervision.record"),
    "supervision:check_planned": Page("supervision.record", ids=("pk:plan_line",)),
    "supervision:check": Page("supervision.view", ids=("pk:supervision_check",)),
    "supervision:check_correct": Page("supervision.record", ids=("pk:supervision_check",)),
    "supervision:finding_new": Page("supervision.record", ids=("pk:supervision_check",)),
    "supervision:findings": Page("supervision.view"),
    "supervision:finding": Page("supervision.view", ids=("pk:finding",)),
    "supervision:follow_up": Page("supervision.record", ids=("pk:finding",), post_only=True),
    "supervision:resolve": Page("supervision.record", ids=("pk:finding",), post_only=True),
    "supervision:summary": Page("supervision.view"),
    # Local budget capital (budgets): the plans, their acts, the statement, interest, hand-overs.
    "budgets:plans": Page("budgets.view"),
    "budgets:plan_new": Page("budgets.manage"),
    "budgets:plan": Page("budgets.view", ids=("pk:budget_plan",)),
    "budgets:decide": Page("budgets.manage", ids=("pk:budget_plan",)),
    "budgets:transfer": Page("budgets.manage", ids=("pk:budget_plan",)),
    "budgets:recall": Page("budgets.manage", ids=("pk:budget_plan",)),
    "budgets:statement": Page("budgets.view"),
    "budgets:interest": Page("budgets.view"),
    "budgets:handovers": Page("budgets.view"),
    # The office's credit plan (creditplans).
    "creditplans:plans": Page("creditplans.view"),
    "creditplans:set": Page("creditplans.manage"),
    "creditplans:plan": Page("creditplans.view", ids=("pk:credit_plan",)),
    "creditplans:revise": Page("creditplans.manage", ids=("pk:credit_plan",)),
    "creditplans:allocate": Page("creditplans.manage", ids=("pk:credit_plan",)),
    # The Boards of Representatives: the office keeps their records as their secretariat.
    "boards:boards": Page("boards.view"),
    "boards:board_new": Page("boards.manage"),
    "boards:board": Page("boards.view", ids=("pk:board",)),
    "boards:member_new": Page("boards.manage", ids=("pk:board",)),
    "boards:member_leave": Page("boards.manage", ids=("pk:board_member",)),
    "boards:meeting_new": Page("boards.manage", ids=("pk:board",)),
    "boards:meeting": Page("boards.view", ids=("pk:meeting",)),
    "boards:task_new": Page("boards.manage", ids=("pk:meeting",)),
    "boards:tasks": Page("boards.view"),
    "boards:task": Page("boards.view", ids=("pk:board_task",)),
    # The group leader's papers.
    "transactiondays:leader_sheet": Page("leader.papers"),
    "transactiondays:leader_sheet_group": Page("leader.papers", ids=("group_id:group",)),
    "transactiondays:statement_13td": Page("leader.papers"),
    "transactiondays:statement_13td_group": Page("leader.papers", ids=("group_id:group",)),
    "health": Page("anyone"),
    # The borrowers' own look-up (selfservice): public; the passbook without its link sends
    # the borrower to the look-up; the office's passbook of a loan and its look-up log.
    "selfservice:lookup": Page("anyone"),
    "selfservice:passbook": Page("anyone", found_elsewhere=True),
    "selfservice:staff_passbook": Page("view:loans.loan", ids=("pk:loan",)),
    "selfservice:log": Page("selfservice.log"),
    # The field app's shell, manifest and service worker carry no data (the figures come from
    # the API, for the signed-in user only): a phone starts the app with no signal and so no
    # session, browsers fetch a manifest without cookies and refresh a worker on their own.
    "field:app": Page("anyone"),
    "field:manifest": Page("anyone"),
    "field:sw": Page("anyone"),
    "set_language": Page("anyone", found_elsewhere=True),
    "loans:borrower": Page("view:borrowers.household", ids=("household_id:household",)),
    "loans:apply": Page("application.submit", ids=("household_id:household",)),
    "loans:application": Page("view:loans.application", ids=("pk:application",)),
    "loans:notice": Page("view:loans.application", ids=("pk:application",)),
    "loans:loan": Page("view:loans.loan", ids=("pk:loan",)),
    "loans:calculator": Page("signed_in"),
    "ledger:trial_balance": Page("ledger.view"),
    "ledger:account": Page("ledger.view", ids=("pk:account",)),
    "ledger:capital": Page("ledger.view"),
    "savings:overview": Page("view:savings.savingstransaction"),
    "savings:group": Page("view:savings.savingstransaction", ids=("pk:group",)),
    "savings:group_excel": Page("view:savings.savingstransaction", ids=("pk:group",)),
    "fees:index": Page("view:fees.feestatement"),
    "fees:statement": Page("view:fees.feestatement", ids=("pk:fee_statement",)),
    "fees:commission": Page("view:fees.commissionstatement", ids=("pk:commission",)),
    "calendar:schedule": Page("view:calendar.holiday"),
    "transactiondays:days": Page("day.view"),
    "transactiondays:day": Page("day.view", ids=("pk:day",)),
    # The controller's confirmation before posting: only who may sign off opens it.
    "transactiondays:sign_off": Page("day.sign_off", ids=("pk:submitted_day",)),
    "transactiondays:group": Page("day.view", ids=("pk:day", "group_id:group")),
    "transactiondays:receipt": Page("day.view", ids=("pk:day", "household_id:household")),
    "transactiondays:sheet": Page("day.view", ids=("pk:day", "group_id:group")),
    "transactiondays:sheets": Page("day.view", ids=("pk:day",)),
    "transactiondays:notices": Page("day.view", ids=("pk:day",)),
    "transactiondays:public": Page("day.view", ids=("pk:day",)),
    # Text messages to households (notices): the office's outbox (its retry, cancel and
    # settle are POSTs to it), a day's messages with the button that queues them.
    "notices:outbox": Page("notices.view"),
    "notices:day": Page("notices.view", ids=("pk:day",)),
    # The SMS gateway's delivery reports, not a page for people: POST only, CSRF-exempt, for
    # anyone who signs the body with the shared secret. A GET answers 405 to everyone; a
    # POST without the signature 403, signed in or not (notices/tests/test_delivery.py).
    "notices:delivery": Page("anyone", post_only=True),
    "reporting:index": Page("reports.view"),
    "reporting:dashboard": Page("reports.view"),
    "reporting:loans": Page("reports.view"),
    "reporting:decisions": Page("reports.view"),
    "reporting:report": Page("reports.view", ids=("name:report",)),
    "reporting:report_file": Page("reports.view", ids=("name:report",), post_only=True),
    "registers:export_index": Page("register.export"),
    "registers:export_hstd": Page("register.export"),
    "registers:export_dienbao": Page("register.export"),
    "registers:import_index": Page("register.import"),
    "registers:import_confirm": Page("register.import", post_only=True),
    "registers:import_run": Page("register.import", ids=("pk:import_run",)),
    "registers:import_job": Page("register.import", ids=("pk:import_job",)),
    "closing:close": Page("day.close"),
    "jobs:job": Page("signed_in", ids=("pk:job",)),
    "jobs:file": Page("signed_in", ids=("pk:job",)),
    "api:schema": Page("signed_in", api=True),
    # The REST API (policycredit/api): each endpoint asks what its web page asks.
    "api:docs": Page("signed_in", api=True),
    "api:redoc": Page("signed_in", api=True),
    "api:tokens": Page("signed_in"),
    "api:household-list": Page("view:borrowers.household", api=True),
    "api:household-detail": Page("view:borrowers.household", ids=("pk:household",), api=True),
    "api:person-list": Page("view:borrowers.person", api=True),
    "api:person-detail": Page("view:borrowers.person", ids=("pk:person",), api=True),
    "api:person-cccd": Page("change:borrowers.person", ids=("pk:person",), api=True),
    "api:group-list": Page("view:network.savingsgroup", api=True),
    "api:group-detail": Page("view:network.savingsgroup", ids=("pk:group",), api=True),
    "api:membership-list": Page("view:network.membership", api=True),
    "api:membership-detail": Page("view:network.membership", ids=("pk:api_record",), api=True),
    "api:loan-list": Page("view:loans.loan", api=True),
    "api:loan-detail": Page("view:loans.loan", ids=("pk:loan",), api=True),
    "api:loan-explanation": Page("view:loans.loan", ids=("pk:loan",), api=True),
    "api:loan-transaction-list": Page("view:loans.loantransaction", api=True),
    "api:loan-transaction-detail": Page(
        "view:loans.loantransaction", ids=("pk:api_record",), api=True
    ),
    "api:calendar": Page("view:calendar.holiday", api=True),
    "api:calendar-move-list": Page("view:calendar.holiday", api=True),
    "api:calendar-move-detail": Page("view:calendar.holiday", ids=("pk:api_record",), api=True),
    "api:savings-movement-list": Page("view:savings.savingstransaction", api=True),
    "api:savings-movement-detail": Page(
        "view:savings.savingstransaction", ids=("pk:api_record",), api=True
    ),
    "api:savings-groups": Page("view:savings.savingstransaction", api=True),
    "api:savings-balances": Page("view:savings.savingstransaction", ids=("pk:group",), api=True),
    "api:reports": Page("reports.view", api=True),
    "api:report": Page("reports.view", ids=("name:report",), api=True),
    "api:nowhere": Page("signed_in", api=True),
    # The field app's API and the transaction days' sheets (policycredit/field/api.py): the
    # app's download for who works in the field, the sync and a conflict's resolution (POST
    # only), the days and a group's sheet as the web's, its entries for the teller (PUT/POST).
    "field_api:me": Page("signed_in", api=True),
    "field_api:groups": Page("field.use", api=True),
    "field_api:pack": Page("field.use", ids=("group_id:group",), api=True),
    "field_api:sync": Page("field.use", post_only=True, api=True),
    "field_api:conflicts": Page("field.use", api=True),
    "field_api:resolve": Page(
        "field.resolve", ids=("conflict_id:api_record",), post_only=True, api=True
    ),
    "field_api:days": Page("day.view", api=True),
    "field_api:day": Page("day.view", ids=("day_id:day",), api=True),
    "field_api:sheet": Page("day.view", ids=("day_id:day", "group_id:group"), api=True),
    "field_api:entries": Page(
        "day.enter", ids=("day_id:day", "group_id:group"), post_only=True, api=True
    ),
    # What waits for the user's approval, in their area (accounts.policy): everyone's own.
    "approvals:list": Page("signed_in"),
    # The second factor's pages (accounts.signin): the tests' demo settings ask no code, so
    # they send a signed-in person on.
    "admin:two_factor": Page("signed_in", found_elsewhere=True),
    "admin:two_factor_enrol": Page("signed_in", found_elsewhere=True),
    # The admin site's own pages.
    "admin:index": Page("signed_in"),
    "admin:search": Page("signed_in"),
    "admin:login": Page("anyone"),
    "admin:logout": Page("signed_in", post_only=True),
    "admin:password_change": Page("signed_in"),
    "admin:password_change_done": Page("signed_in"),
    "admin:autocomplete": Page("signed_in"),
    "admin:jsi18n": Page("signed_in"),
    "admin:view_on_site": Page(
        "signed_in", ids=("content_type_id:household_type", "object_id:household")
    ),
    "admin:app_list": Page("app", ids=("app_label:app",)),
    "admin:catch_all": Page("signed_in", ids=("url:nowhere",)),
}


def allowed(user, rule: str) -> bool:
    if rule == "anyone":
        return True
    if user is None:
        return False
    if rule == "signed_in":
        return True
    if rule.startswith("view:"):
        return may_view(user, rule.removeprefix("view:"))
    if rule.startswith("change:"):
        return may_change(user, rule.removeprefix("change:"))
    return can_act(user, rule)


ROLES = [*Role, "anonymous"]

# Answers that are wrong today and are being fixed by another part of issue 17: (role, URL
# name, case) -> who fixes it. The matrix expects these to differ; once one answers right, the
# matrix fails until it is removed from here.
KNOWN_GAPS: dict[tuple[str, str, str], str] = {}


# Pages whose answer to a role with the right is not the page itself.
SPECIAL = {
    # A signed-in person asking for the sign-in page is sent on to the overview.
    "admin:login": FOUND_ELSEWHERE,
    # The admin's autocomplete without its parameters refuses.
    "admin:autocomplete": DENIED,
    # The catch-all of the admin: no such page.
    "admin:catch_all": MISSING,
    # Django's "view on site" needs the model's own page: households have none.
    "admin:view_on_site": MISSING,
    # The API's own 404 for an address under api/v1/ that names no endpoint.
    "api:nowhere": MISSING,
}


# Signed out, the admin's sign-out goes to the overview (which then asks to sign in); the API's
# schema refuses, as the API refuses a stranger (REST framework's IsAuthenticated).
ANONYMOUS = {"admin:logout": FOUND_ELSEWHERE}
# The REST API's answer to a stranger: 401 with `WWW-Authenticate: Token` (policycredit/api).
UNAUTHENTICATED = "401"
# The API's POST-only endpoints answer a stranger's POST the same 401.
ANONYMOUS |= {
    name: UNAUTHENTICATED for name in ("field_api:sync", "field_api:resolve", "field_api:entries")
}


def page_expectation(user, name: str, page: Page, case: str):
    """(method, expected answers) for a business page."""
    case = inside_for(user, page.rule.removeprefix("view:"), case)
    right = allowed(user, page.rule)
    if page.post_only:
        if right:
            return "get", frozenset({"405"})
        if user is None:
            return "post", frozenset({ANONYMOUS.get(name, LOGIN)})
        return "post", frozenset({DENIED})
    if user is None and page.api:
        return "get", frozenset({UNAUTHENTICATED})
    if user is None and page.rule != "anyone":
        return "get", frozenset({ANONYMOUS.get(name, LOGIN)})
    if not right:
        return "get", frozenset({DENIED}) if case == "list" else REFUSED
    if case == "missing" or (case == "outside" and not user.is_superuser):
        return "get", frozenset({MISSING})
    if name in SPECIAL and user is not None:
        return "get", frozenset({SPECIAL[name]})
    return "get", frozenset({FOUND_ELSEWHERE if page.found_elsewhere else OK})
