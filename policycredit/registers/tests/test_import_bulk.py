"""The import's bulk writer goes through the database's ordinary foreign-key checks: it no longer
switches the row triggers off (`session_replication_role = replica` needs the tables' owner,
which the application is not, and would skip the audit's and the books' guards as well)."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from policycredit.common import bulk
from policycredit.geo.models import Office
from policycredit.loans.models import Instalment, Loan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's COPY and triggers"),
]


def test_a_dangling_key_written_by_copy_is_refused_by_the_database():
    office = Office.objects.values_list("id", flat=True).first()
    missing = (Loan.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 10**6
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert(
            Instalment,
            ["loan_id", "due", "principal", "office_id"],
            [(missing, datetime.date(2027, 1, 1), 1_000_000, office)],
        )
        with connection.cursor() as cursor:
            # Django declares the keys deferrable: checked now instead of at the commit.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
