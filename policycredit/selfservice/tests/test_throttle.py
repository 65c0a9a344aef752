"""The look-up slows down after a few tries: five refused look-ups of a number within 15
minutes and the sixth is refused (429, with when to come back) even with the right details;
once the window has passed it works again. Ten from one address, or twenty on one number in a
day, do the same. A number that names no loan is throttled alike: the refusal says nothing of
whether it exists."""

import datetime
import re

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from policycredit.common.selectors import replaying
from policycredit.selfservice import throttle
from policycredit.selfservice.models import Lookup, Outcome
from policycredit.selfservice.tests.conftest import TODAY, details

pytestmark = pytest.mark.django_db
WINDOW = datetime.timedelta(minutes=15)


def post(client, typed, address="10.0.0.1"):
    with replaying(TODAY):
        return client.post(reverse("selfservice:lookup"), typed, REMOTE_ADDR=address)


def wrong(loan) -> dict:
    right = details(loan)
    return {**right, "cccd_end": f"{(int(right['cccd_end']) + 1) % 10000:04d}"}


def earlier(delta: datetime.timedelta) -> None:
    """The log as it would be `delta` later: every look-up moved back in time."""
    Lookup.objects.update(at=F("at") - delta)


def test_the_sixth_try_is_refused_even_when_right_then_works_once_the_window_passed(loan, client):
    for attempt in range(5):
        # From five addresses: the number's own limit is reached, not an address's.
        response = post(client, wrong(loan), address=f"10.0.1.{attempt}")
        assert 'data-refusal="refused"' in response.content.decode()
    response = post(client, details(loan), address="10.0.2.1")
    assert response.status_code == 429
    assert 'data-refusal="throttled"' in response.content.decode()
    assert 'data-page="position"' not in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= WINDOW.total_seconds()
    outcomes = list(Lookup.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == [Outcome.REFUSED] * 5 + [Outcome.THROTTLED]
    # The office sees its loan tried past the limit.
    assert Lookup.objects.get(outcome=Outcome.THROTTLED).loan == loan

    earlier(WINDOW)
    response = post(client, details(loan), address="10.0.2.1")
    assert response.status_code == 200
    assert 'data-page="position"' in response.content.decode()


def test_the_page_says_when_to_try_again(loan, client):
    for _ in range(5):
        post(client, wrong(loan))
    first = Lookup.objects.order_by("at").first().at
    response = post(client, details(loan))
    come_back = timezone.localtime(first + WINDOW)
    assert come_back.strftime("%H:%M") in response.content.decode()
    assert re.search(r"\d{2}/\d{2}/\d{4}", response.content.decode())


def test_a_number_that_names_no_loan_is_throttled_alike(loan, client):
    unknown = {**details(loan), "number": "PGD-HBT-2026-999999"}
    answers = [post(client, unknown, address=f"10.0.3.{i}").status_code for i in range(6)]
    assert answers == [200] * 5 + [429]


def test_ten_failures_from_one_address_refuse_it_and_not_another(loan, client):
    for i in range(10):
        post(client, {**details(loan), "number": f"PGD-HBT-2026-9{i:05d}"}, address="10.0.4.1")
    assert post(client, details(loan), address="10.0.4.1").status_code == 429
    assert post(client, details(loan), address="10.0.4.2").status_code == 200


def test_twenty_failures_on_a_number_in_a_day_refuse_it_for_the_rest_of_the_day(loan, client):
    key = throttle.number_key(loan.number)
    now = timezone.now()
    # Four every hour: never five in a window, twenty in the day.
    Lookup.objects.bulk_create(
        Lookup(
            at=now - datetime.timedelta(hours=h, minutes=m),
            address=f"10.0.5.{h}",
            number_key=key,
            outcome=Outcome.REFUSED,
            loan=loan,
        )
        for h in range(1, 6)
        for m in (0, 15, 30, 45)
    )
    response = post(client, details(loan), address="10.0.6.1")
    assert response.status_code == 429
    # Free again a day after the oldest of the twenty: 5 h 45 min ago, so in 18 h 15 min.
    assert abs(int(response["Retry-After"]) - (18 * 3600 + 15 * 60)) < 60
    earlier(datetime.timedelta(hours=18, minutes=16))
    assert post(client, details(loan), address="10.0.6.1").status_code == 200


def test_found_and_throttled_look_ups_do_not_count(loan, client):
    for _ in range(6):
        assert post(client, details(loan)).status_code == 200
    for _ in range(4):
        post(client, wrong(loan))
    assert post(client, details(loan)).status_code == 200
