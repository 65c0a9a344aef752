"""The office reads the look-ups of its loans (the director, the controller): how many were
found, refused and throttled, which loans were tried and refused; a number that names no loan
belongs to no office, and only whoever sees everything reads it. The log is not the books: past
its retention period it is deleted, and the deletion is audited."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from policycredit.audit.models import Action, AuditEvent
from policycredit.common.selectors import replaying
from policycredit.selfservice import selectors
from policycredit.selfservice.models import Lookup, Outcome
from policycredit.selfservice.tests.conftest import TODAY, details

pytestmark = pytest.mark.django_db


@pytest.fixture
def tried(loan, client):
    """Two refused tries and a look-up that found the loan; one try of a number of nobody's."""
    typed = details(loan)
    with replaying(TODAY):
        for end in ("0000", "1111"):
            if end != typed["cccd_end"]:
                client.post(reverse("selfservice:lookup"), {**typed, "cccd_end": end})
        client.post(reverse("selfservice:lookup"), {**typed, "number": "XYZ-1"})
        client.post(reverse("selfservice:lookup"), typed)
    return loan


@pytest.mark.parametrize("username", ["giamdoc", "kiemsoat"])
def test_the_office_reads_its_loans_look_ups(tried, client_as, username):
    response = client_as(username).get(reverse("selfservice:log"))
    assert response.status_code == 200
    body = response.content.decode()
    refused = Lookup.objects.filter(outcome=Outcome.REFUSED, loan=tried).count()
    assert body.count(f'data-outcome="{Outcome.REFUSED}"') == 1 + refused  # the count's row
    assert f'data-tried="{tried.number}"' in body
    assert body.count('data-outcome="found"') == 2  # the count's row and the look-up
    # The try of a number of nobody's is not the office's.
    assert "XYZ" not in body


def test_whoever_sees_everything_reads_the_whole_log(tried, user):
    everything = selectors.lookups_for(user("admin"))
    office = selectors.lookups_for(user("giamdoc"))
    assert everything.filter(loan__isnull=True).count() == 1
    assert office.filter(loan__isnull=True).count() == 0
    counts = selectors.outcome_counts(office, datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    assert counts[Outcome.FOUND] == 1


def test_one_outcome_only(tried, client_as):
    response = client_as("giamdoc").get(reverse("selfservice:log"), {"outcome": "found"})
    assert 'data-lookup="' in response.content.decode()
    assert (
        'data-outcome="refused"><td>'
        not in response.content.decode().split('data-testid="lookups"')[1]
    )
    assert client_as("giamdoc").get(reverse("selfservice:log"), {"outcome": "x"}).status_code == 400


def test_the_credit_officer_does_not_read_it(client_as):
    assert client_as("tindung").get(reverse("selfservice:log")).status_code == 403


def test_the_command_deletes_what_is_older_than_the_retention_and_audits_it(tried, settings):
    settings.POLICYCREDIT_LOOKUP_RETENTION_DAYS = 90
    old = list(Lookup.objects.order_by("id").values_list("id", flat=True)[:2])
    Lookup.objects.filter(pk__in=old).update(at=F("at") - datetime.timedelta(days=91))
    kept = Lookup.objects.count() - 2
    out = io.StringIO()
    call_command("purge-lookups", stdout=out)
    assert "deleted 2" in out.getvalue()
    assert Lookup.objects.count() == kept
    event = AuditEvent.objects.filter(action=Action.LOOKUP_LOG_PURGED).get()
    assert event.new["deleted"] == 2 and event.actor is None
    # Nothing more to delete: nothing deleted, nothing audited.
    call_command("purge-lookups", stdout=io.StringIO())
    assert AuditEvent.objects.filter(action=Action.LOOKUP_LOG_PURGED).count() == 1
