"""The import's bulk writer: on PostgreSQL the foreign keys of what it writes are checked at
the end, once per key, instead of by a trigger per row; a key that points at nothing still
refuses the import."""

import pytest
from django.db import IntegrityError, connection

from policycredit.common import bulk
from policycredit.loans.models import Instalment, Loan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's triggers"),
]


def test_a_dangling_key_written_without_the_row_triggers_is_found_at_the_end():
    import datetime

    references = bulk.References([Instalment])
    references.start()
    assert references.active  # the tests run as a role that may
    office = Loan.objects.values_list("office_id", flat=True).first()
    missing = (Loan.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 10**6
    office = office or _any_office()
    bulk.insert(
        Instalment,
        ["loan_id", "due", "principal", "office_id"],
        [(missing, datetime.date(2027, 1, 1), 1_000_000, office)],
    )  # accepted: no trigger looked
    with pytest.raises(IntegrityError):
        references.stop()


def test_rows_that_point_at_what_exists_pass():
    references = bulk.References([Instalment])
    references.start()
    references.stop()  # nothing written: nothing dangles


def _any_office():
    from policycredit.geo.models import Office

    return Office.objects.values_list("id", flat=True).first()
