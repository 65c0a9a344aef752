"""The reminders' run (`policycredit notices remind`): before each point's transaction day,
and when an instalment falls overdue; run twice, it queues nothing new."""

import datetime
import io

import pytest
from django.core.management import call_command

from policycredit.audit.models import Action, AuditEvent
from policycredit.calendar.selectors import next_transaction_day
from policycredit.common.selectors import replaying
from policycredit.domain.notices import overdue_line
from policycredit.notices import selectors, services
from policycredit.notices.models import Batch, Kind, Message, Trigger

pytestmark = pytest.mark.django_db
D = datetime.date


def remind(on: datetime.date) -> str:
    out = io.StringIO()
    with replaying(on):
        call_command("notices", "remind", "--date", f"{on:%d/%m/%Y}", stdout=out)
    return out.getvalue()


def test_two_days_before_its_transaction_day_each_household_owing_is_reminded_once(
    savers, day, teller
):
    point = day.point
    meets = next_transaction_day(point, D(2026, 6, 1))
    told = remind(meets - datetime.timedelta(days=2))
    mine = Message.objects.filter(kind=Kind.BEFORE_DAY, point=point)
    assert mine.count() == 2 and set(mine.values_list("about", flat=True)) == {meets}
    assert ", 1 without a phone" in told
    neighbour = savers["neighbour"].household
    assert f"no phone: {neighbour.code}\n" in told and neighbour.head.full_name not in told
    batch = Batch.objects.get(trigger=Trigger.REMINDERS)
    assert batch.actor is None and batch.without_phone >= 1
    # The same words as the day's own page would have for that date.
    borrower = savers["borrower"].household
    with replaying(meets):
        (line,) = [
            c for c in selectors.day_candidates(teller, point, meets) if c.household == borrower
        ]
    assert mine.get(household=borrower).text == line.text
    again = remind(meets - datetime.timedelta(days=1))  # the next night: nothing new
    assert mine.count() == 2 and "queued 0," in again
    assert Batch.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.NOTICES_QUEUED).count() == 1


def test_three_days_before_nobody_is_reminded_yet(savers, day):
    meets = next_transaction_day(day.point, D(2026, 6, 1))
    remind(meets - datetime.timedelta(days=3))
    assert not Message.objects.filter(point=day.point).exists()


def test_an_instalment_fallen_overdue_is_told_once_with_the_loans_overdue_principal(overdue_loan):
    remind(D(2026, 6, 6))
    message = Message.objects.get(kind=Kind.OVERDUE)
    household = overdue_loan.household
    assert (message.loan, message.about, message.phone) == (
        overdue_loan,
        D(2026, 6, 5),
        "0912000111",
    )
    assert message.text == overdue_line(
        office=overdue_loan.office.name,
        household_code=household.code,
        name=household.head.full_name,
        contract=overdue_loan.number,
        due=D(2026, 6, 5),
        overdue=20_000_000,
    )
    assert "no qua han 20.000.000d" in message.text
    remind(D(2026, 6, 7))  # the timer again, within the look-back: nothing new
    assert Message.objects.filter(kind=Kind.OVERDUE).count() == 1


def test_an_instalment_that_has_not_fallen_due_is_not_told(overdue_loan):
    remind(D(2026, 6, 5))  # the close of 05/06 has not run: the instalment is not overdue yet
    assert not Message.objects.filter(kind=Kind.OVERDUE).exists()


def test_a_household_without_a_phone_is_counted_not_guessed(overdue_loan):
    household = overdue_loan.household
    household.phone = "không có"
    household.save(update_fields=["phone"])
    with replaying(D(2026, 6, 6)):
        totals = services.queue_reminders(reader=_admin(), on=D(2026, 6, 6))
    assert totals["without_phone"] >= 1
    assert not Message.objects.filter(kind=Kind.OVERDUE).exists()


def _admin():
    from policycredit.accounts.models import User

    return User.objects.get(username="admin")


def test_a_wrong_date_is_refused_by_name():
    with pytest.raises(Exception, match="31/02/2026"):
        call_command("notices", "remind", "--date", "31/02/2026", stdout=io.StringIO())
