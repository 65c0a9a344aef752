"""The access matrix: every URL of the site, as every role and signed out, with a record from
inside the role's area and one from outside it, answers what the role table says.

The URLs come from walking the URL configuration, so a new page is in the matrix the day it
is added; its expectation comes from `tests/matrix_rules.py` (the admin's model screens from
the role table, the business pages from PAGES), and a page with none fails
`test_every_url_has_an_expectation`. Pages are requested with GET only; a page that answers
POST only is posted by the roles that may not use it, and must refuse before it writes.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from policycredit.accounts.admin_base import ListOnlyAdmin
from policycredit.audit.models import AuditEvent
from policycredit.calendar.models import TransactionDayMove
from policycredit.fees.models import CommissionStatement, FeeStatement
from policycredit.ledger.models import Account, JournalEntry, JournalLine
from policycredit.loans.models import LoanTransaction
from policycredit.savings.models import SavingsTransaction
from tests import matrix_rules as rules
from tests import matrix_world

MISSING_ID = 987_654_321
ADMIN_ACTIONS = ("changelist", "add", "history", "delete", "change", "password")
ADMIN_NAME = re.compile(r"^admin:(?P<app>\w+?)_(?P<model>[a-z0-9]+)_(?P<action>\w+)$")


@dataclass(frozen=True)
class Url:
    route: str
    name: str  # "namespace:name", or "<label>:redirect" for an admin model's bare record URL
    pattern: URLPattern


def walk(resolver=None, prefix="", namespace=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        else:
            yield Url(prefix + str(entry.pattern), _name(entry, namespace, prefix), entry)


def _name(entry, namespace, prefix) -> str:
    if entry.name:
        return f"{namespace}:{entry.name}" if namespace else entry.name
    if str(entry.pattern) == "(?P<url>.*)$":
        return "admin:catch_all"
    # Django's admin: "<app>/<model>/<id>/" redirects to the change form and has no name.
    app, model = prefix.strip("/").split("/")[-2:]
    return f"{app}.{model}:redirect"


def admin_screen(url: Url):
    """(model label, action) of an admin model screen, or None."""
    if url.name.endswith(":redirect"):
        return url.name.removesuffix(":redirect"), "redirect"
    match = ADMIN_NAME.match(url.name)
    if not match:
        return None
    labels = {m._meta.label_lower: m for m in admin.site._registry}
    for model in labels.values():
        meta = model._meta
        for action in ADMIN_ACTIONS:
            if url.name == f"admin:{meta.app_label}_{meta.model_name}_{action}":
                return meta.label_lower, action
    # A custom user model keeps Django's "auth_user_password_change" name.
    if url.name == "admin:auth_user_password_change":
        return "accounts.user", "password"
    return None


URLS = list(walk())


def test_every_url_has_an_expectation():
    unknown = [u.route for u in URLS if admin_screen(u) is None and u.name not in rules.PAGES]
    assert not unknown, (
        f"URLs without an expectation in tests/matrix_rules.py (PAGES): {unknown}; "
        "say there who may open each"
    )
    stale = set(rules.PAGES) - {u.name for u in URLS}
    assert not stale, f"PAGES names URLs that no longer exist: {sorted(stale)}"


def test_the_list_only_screens_are_the_ones_the_rules_name():
    actual = {
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ListOnlyAdmin)
    }
    assert actual == rules.LIST_ONLY


# The fixture and the records each URL names -------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, in a transaction rolled back at its end; each test runs in
    a savepoint inside it. The dossiers' scans go to a folder of the run's own."""
    scans = override_settings(POLICYCREDIT_MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with scans, django_db_blocker.unblock(), transaction.atomic():
        yield matrix_world.build()
        transaction.set_rollback(True)


def _area_record(area, key):
    household_type = ContentType.objects.get_for_model(area.household).pk
    found = {
        "household": area.household.pk,
        "person": area.person.pk,
        "application": area.application.pk,
        "loan": area.loan.pk,
        "group": area.group.pk,
        "day": area.day.pk,
        "account": Account.objects.filter(office=area.office).values_list("pk", flat=True).first(),
        "fee_statement": FeeStatement.objects.filter(office=area.office)
        .values_list("pk", flat=True)
        .first(),
        "commission": CommissionStatement.objects.filter(group=area.group)
        .values_list("pk", flat=True)
        .first(),
        "household_type": household_type,
    }
    # The restructuring's, the field checks' and the submitted day's records (matrix_world keeps
    # their ids).
    extra = ("risk_dossier", "risk_document", "measure", "use_check", "inspection", "submitted_day")
    extra += ("supervision_plan", "plan_line", "supervision_check", "finding")
    extra += ("budget_plan",)
    extra += ("credit_plan",)
    extra += ("board", "board_member", "meeting", "board_task")
    found |= {name: area.extra.get(name) for name in extra}
    return found.get(key)


def page_ids(world, page, case):
    """The URL's keyword arguments for a case, or None when the case does not apply."""
    kwargs = {}
    for spec in page.ids:
        name, key = spec.split(":")
        if key in MISSING_ONLY:
            # Their records belong to the person who started them (or are named, not
            # numbered): the fixture starts none, so only a missing one is asked for.
            value = MISSING_ONLY[key].get(case)
        elif key == "household_type":
            value = _area_record(world.inside, key) if case != "missing" else None
        elif case == "missing":
            value = None
        else:
            value = _area_record(world.inside if case == "inside" else world.outside, key)
        if value is None:
            return None
        kwargs[name] = value
    return kwargs


MISSING_ONLY = {
    "report": {"inside": "outstanding", "missing": "no-such-report"},
    "nowhere": {"inside": "no-such-page/"},
    "job": {"missing": MISSING_ID},
    "import_run": {"missing": MISSING_ID},
    "import_job": {"missing": MISSING_ID},
    # The API's records the fixture keeps no id of (memberships, movements, moves): a missing
    # one is asked for; the API's scope tests ask for records inside and outside.
    "api_record": {"missing": MISSING_ID},
}


def admin_ids(world, label, case):
    area = world.inside if case == "inside" else world.outside
    scoped = {
        "accounts.user": lambda a: a.extra.get("user"),
        "audit.auditevent": lambda a: (
            AuditEvent.objects.filter(office_id=a.office.pk).values_list("pk", flat=True).last()
        ),
        "geo.adminunit": lambda a: a.point.ward_id,
        "geo.office": lambda a: a.office.pk,
        "geo.transactionpoint": lambda a: a.point.pk,
        "network.massorganisation": lambda a: a.organisation.pk,
        "network.savingsgroup": lambda a: a.group.pk,
        "borrowers.household": lambda a: a.household.pk,
        "borrowers.person": lambda a: a.person.pk,
        "borrowers.povertyrecord": lambda a: a.poverty.pk,
        "capital.entrustmentdecision": lambda a: a.decision.pk,
        "loans.application": lambda a: a.application.pk,
        "loans.loan": lambda a: a.loan.pk,
        "ledger.journalentry": lambda a: (
            JournalEntry.objects.filter(loan=a.loan).values_list("pk", flat=True).first()
        ),
        "savings.savingstransaction": lambda a: a.savings.pk,
        "fees.feestatement": lambda a: (
            FeeStatement.objects.filter(office=a.office).values_list("pk", flat=True).first()
        ),
        "fees.commissionstatement": lambda a: (
            CommissionStatement.objects.filter(group=a.group).values_list("pk", flat=True).first()
        ),
        "fees.payout": lambda a: None,
        "calendar.transactiondaymove": lambda a: (
            TransactionDayMove.objects.filter(point=a.point).values_list("pk", flat=True).first()
        ),
        "auth.group": lambda a: None,
        "django_tasks_database.dbtaskresult": lambda a: None,
    }
    if label in scoped:
        return scoped[label](area)
    if case == "outside":
        return None  # reference data, the same for every area
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    return model._default_manager.values_list("pk", flat=True).first()


# Requests ----------------------------------------------------------------------------------


def answer(response) -> str:
    if response.status_code == 302 and "/login/" in response.get("Location", ""):
        return rules.LOGIN
    return str(response.status_code)


# Records the fixture does not make, so their record URLs are not asked: Django's groups and
# task results (superuser's only, unused), rules (none stored in the test world), group
# commissions and payouts (May's statements owe nothing, so none is paid).
WITHOUT_A_RECORD = {
    "auth.group",
    "django_tasks_database.dbtaskresult",
    "common.rule",
    "fees.commissionstatement",
    "fees.payout",
    "fees:commission",
}
# Every request the role tests made: (URL pattern, role, case).
ASKED: list = []
WRITES = (AuditEvent, JournalLine, LoanTransaction, SavingsTransaction)


def _counts():
    return [model.objects.count() for model in WRITES]


def cases_for(world, url, user):
    """(case, path, method, expected answers) for one URL and one user."""
    screen = admin_screen(url)
    if screen is not None:
        label, action = screen
        if action in {"changelist", "add"}:
            yield (
                "list",
                reverse(url.name),
                "get",
                rules.admin_expectation(user, label, action, "list"),
            )
            return
        for case in ("inside", "outside"):
            pk = admin_ids(world, label, case)
            if pk is None:
                continue
            if action == "redirect":
                meta_app, meta_model = label.split(".")
                path = f"/{meta_app}/{meta_model}/{pk}/"
            else:
                path = reverse(url.name, args=[pk])
            yield case, path, "get", rules.admin_expectation(user, label, action, case)
        return
    page = rules.PAGES.get(url.name)
    if page is None:
        return  # test_every_url_has_an_expectation names it
    if url.name == "admin:app_list":
        for app_label in sorted({m._meta.app_label for m in admin.site._registry}):
            visible = any(
                rules.may_view(user, m._meta.label_lower)
                for m in admin.site._registry
                if m._meta.app_label == app_label
            )
            expected = rules.LOGIN if user is None else rules.OK if visible else rules.MISSING
            path = reverse(url.name, kwargs={"app_label": app_label})
            if resolve(path).url_name != "app_list":
                continue  # a business page of the same path comes first (/savings/, /fees/)
            yield f"app {app_label}", path, "get", frozenset({expected})
        return
    cases = ("inside", "outside", "missing") if page.ids else ("list",)
    for case in cases:
        kwargs = page_ids(world, page, case) if page.ids else {}
        if kwargs is None:
            continue
        path = "/no-such-page/" if "url" in kwargs else reverse(url.name, kwargs=kwargs)
        yield case, path, *rules.page_expectation(user, url.name, page, case)


@pytest.mark.django_db
@pytest.mark.parametrize("role", rules.ROLES)
def test_every_url_answers_each_role_as_the_role_table_says(world, role):
    user = world.users[role]
    client = Client()
    if user is not None:
        client.force_login(user)
    wrong = []
    for url in URLS:
        for case, path, method, expected in cases_for(world, url, user):
            before = _counts() if method == "post" else None
            response = getattr(client, method)(path)
            got = answer(response)
            ASKED.append((url.route, role, case))
            gap = rules.KNOWN_GAPS.get((str(role), url.name, case))
            if gap and got in expected:
                wrong.append(f"{path} now answers {got}: remove it from KNOWN_GAPS ({gap})")
            elif got not in expected and not gap:
                wrong.append(
                    f"{method.upper()} {path} [{case}]: {got}, expected {sorted(expected)}"
                )
            if before is not None and _counts() != before:
                wrong.append(f"POST {path} [{case}] wrote rows")
    assert not wrong, f"{role}: {len(wrong)} answers differ:\n" + "\n".join(wrong)


def test_the_matrix_asked_every_url_as_every_role(pytestconfig):
    """Runs after the role tests (pytest-django runs the tests without a database last) and
    writes the matrix's size to the terminal."""
    roles = {role for _route, role, _case in ASKED}
    if len(roles) < len(rules.ROLES):
        pytest.skip("the size is counted when the whole matrix runs")
    asked = {route for route, _role, _case in ASKED}
    unasked = [u for u in URLS if u.route not in asked]
    line = (
        f"access matrix: {len(asked)} URL patterns x {len(roles)} roles (anonymous "
        f"included), {len(ASKED)} requests with records inside, outside and missing; "
        f"{len(unasked)} URL patterns not asked for want of a record"
    )
    capture = pytestconfig.pluginmanager.getplugin("capturemanager")
    reporter = pytestconfig.pluginmanager.getplugin("terminalreporter")
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(line)
    owners = {(admin_screen(u) or (u.name,))[0] for u in unasked}
    assert owners <= WITHOUT_A_RECORD, (
        f"URLs never asked: the fixture (tests/matrix_world.py) needs a record of "
        f"{sorted(owners - WITHOUT_A_RECORD)}"
    )
