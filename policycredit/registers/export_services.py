"""The one write an export makes: the audit trail of who took the register out.

The HSTD register carries every borrower's citizen ID in full (the bank's files do, and an
import needs it), so taking it out is a view of personal data: one "personal data viewed"
event per office exported, with the date and the number of rows.
"""

import datetime

from django.db import transaction

from policycredit.audit.models import Action
from policycredit.audit.services import record


@transaction.atomic
def record_register_export(
    *, actor, offices, as_of: datetime.date, rows_by_office: dict[str, int]
) -> None:
    for office in offices:
        record(
            actor=actor,
            action=Action.SENSITIVE_VIEWED,
            instance=office,
            new={
                "export": "hstd",
                "as_of": as_of.isoformat(),
                "rows": rows_by_office.get(office.code, 0),
            },
        )
