"""Two tellers pay out of one member's savings at the same moment: only what is there leaves.

Runs on PostgreSQL only (SQLite serialises writers for the whole database, which proves
nothing): each thread has its own connection and the membership's row lock makes the second
wait and then see the first withdrawal.
"""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from policycredit.savings import services
from policycredit.savings.selectors import balance_of

D = datetime.date

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_two_tellers_cannot_both_take_the_last_savings(monkeypatch):
    from conftest import build_small_world
    from policycredit.accounts.models import User
    from policycredit.borrowers.models import Household
    from policycredit.network.models import Membership

    if not Household.objects.exists():  # an earlier transactional test emptied the database
        build_small_world()
    teller = User.objects.get(username="giaodich")
    member = (
        Membership.objects.filter(left__isnull=True, savings_transactions__isnull=True)
        .order_by("pk")
        .first()
    )
    services.deposit(actor=teller, membership=member, amount=100_000, on=D(2024, 1, 10))

    # Each withdrawal reads the member's log slowly, so the two surely overlap: without the row
    # lock both would find 100,000 and both pay out 70,000.
    slow = services.movements_of

    def slow_movements(*args, **kwargs):
        time.sleep(0.3)
        return slow(*args, **kwargs)

    monkeypatch.setattr(services, "movements_of", slow_movements)
    start = threading.Barrier(2)
    paid, refused, errors = [], [], []

    def withdraw():
        try:
            start.wait()
            services.withdraw(actor=teller, membership=member, amount=70_000, on=D(2024, 2, 10))
            paid.append(1)
        except ValidationError:
            refused.append(1)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=withdraw) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (len(paid), len(refused)) == (1, 1)
    assert balance_of(member) == 30_000
