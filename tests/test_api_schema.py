"""The API against its own schema: Schemathesis draws requests for every operation the schema
lists (the field app's too, whatever lands there: no operation is named here) and sends them
to the application with a director's token and a group leader's, on the small demo world.
Each answer must be no server error, have a status, content type and body that the schema
documents for that operation. Few examples per operation, drawn the same way each run.

The small world has people, groups and points but no loans: a loan lent in the group leader's
group and a savings deposit give the loans', transactions', savings' and the field pack's
operations something to answer with."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from policycredit.accounts.models import User
from policycredit.api.services import create_token
from policycredit.common.selectors import replaying
from policycredit.savings.services import deposit
from policycredit.transactiondays.tests.test_leader import LENT_ON, lend_in_the_leaders_group

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)


# The token each test sends, made by its fixture in the test's own transaction.
TOKEN: dict[str, dict] = {}


def _schema_as(user, username):
    _token, text = create_token(actor=user(username), name="schemathesis")
    TOKEN[username] = {"Authorization": f"Token {text}"}
    return schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", get_wsgi_application(), headers=TOKEN[username]
    )


@pytest.fixture
def one_connection(db):
    """The WSGI application closes the database connection after each request, as a server
    must; here the requests run inside the test's transaction on its connection, so they
    keep it open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def a_loan_and_savings(db):
    _loan, membership = lend_in_the_leaders_group()
    day = LENT_ON.replace(day=LENT_ON.day + 5)
    with replaying(day):
        deposit(
            actor=User.objects.get(username="giaodich"),
            membership=membership,
            amount=50_000,
            on=day,
        )


@pytest.fixture
def as_director(one_connection, a_loan_and_savings, user):
    return _schema_as(user, "giamdoc")


@pytest.fixture
def as_group_leader(one_connection, a_loan_and_savings, user):
    return _schema_as(user, "totruong")


director = schemathesis.pytest.from_fixture("as_director")
group_leader = schemathesis.pytest.from_fixture("as_group_leader")


@director.parametrize()
@EXAMPLES
def test_every_operation_as_a_director(case):
    case.call_and_validate(headers=TOKEN["giamdoc"], checks=CHECKS)


@group_leader.parametrize()
@EXAMPLES
def test_every_operation_as_a_group_leader(case):
    case.call_and_validate(headers=TOKEN["totruong"], checks=CHECKS)


FAMILIES = [
    "/api/v1/households/",
    "/api/v1/households/{id}/",
    "/api/v1/persons/",
    "/api/v1/persons/{id}/",
    "/api/v1/persons/{id}/cccd/",
    "/api/v1/groups/",
    "/api/v1/memberships/",
    "/api/v1/loans/",
    "/api/v1/loans/{id}/",
    "/api/v1/loans/{id}/explanation/",
    "/api/v1/loan-transactions/",
    "/api/v1/calendar/",
    "/api/v1/calendar/moves/",
    "/api/v1/savings/movements/",
    "/api/v1/savings/groups/",
    "/api/v1/savings/groups/{id}/balances/",
    "/api/v1/reports/",
    "/api/v1/reports/{name}/",
    # The field app's and the transaction day's (policycredit/field/api_urls.py).
    "/api/v1/field/me/",
    "/api/v1/field/groups/",
    "/api/v1/field/groups/{group_id}/pack/",
    "/api/v1/field/sync/",
    "/api/v1/field/conflicts/",
    "/api/v1/field/conflicts/{conflict_id}/resolve/",
    "/api/v1/days/",
    "/api/v1/days/{day_id}/",
    "/api/v1/days/{day_id}/groups/{group_id}/sheet/",
    "/api/v1/days/{day_id}/groups/{group_id}/entries/",
]


@pytest.mark.django_db
def test_the_schema_lists_every_family_of_endpoints(client_as):
    paths = client_as("giamdoc").get("/api/schema/?format=json").json()["paths"]
    missing = [p for p in FAMILIES if p not in paths]
    assert not missing, missing
    others = [p for p in paths if not any(p == f for f in FAMILIES)]
    assert all(p.startswith("/api/v1/") for p in others)
