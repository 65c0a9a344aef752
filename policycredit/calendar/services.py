"""Every write of the calendar: a holiday, a move of one transaction day.

A move names the session by the date it is held on now. Each session has at most one move row:
moving a session again edits its row (the audit log keeps both decisions), so the row's
`original` stays the date the rules give and the calendar never has to follow a chain. Moves
of one point queue behind a lock on the point's row, so two officers moving neighbouring
sessions at once cannot put them out of order.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from policycredit.calendar import selectors
from policycredit.calendar.holidays import seed
from policycredit.calendar.models import Holiday, TransactionDayMove
from policycredit.common.services import require, save_record
from policycredit.domain.calendar import MOVE_REACH, MoveProblem, check_move
from policycredit.geo.models import TransactionPoint


def load_holidays() -> int:
    """Put the seeded holidays in place where their date has no row yet (a fresh database gets
    them from its migration; a flushed test database or the demo from here)."""
    return seed(Holiday)


@transaction.atomic
def save_holiday(*, actor, instance: Holiday) -> Holiday:
    return save_record(actor=actor, instance=instance)


@transaction.atomic
def move_day(
    *,
    actor,
    point: TransactionPoint,
    original: datetime.date,
    moved_to: datetime.date,
    reason: str,
) -> TransactionDayMove:
    """Hold the point's session of ``original`` on ``moved_to`` instead, for ``reason``."""
    TransactionPoint.objects.select_for_update().filter(pk=point.pk).first()
    move = plan_move(point=point, original=original, moved_to=moved_to, reason=reason)
    move.actor = actor
    return save_record(actor=actor, instance=move)


def plan_move(
    *, point: TransactionPoint, original: datetime.date, moved_to: datetime.date, reason: str
) -> TransactionDayMove:
    """The move row ``move_day`` would write (unsaved), or a ValidationError saying why not."""
    reason = (reason or "").strip()
    require(bool(reason), _("Give the reason for moving the transaction day."), code="no_reason")
    sessions, data = selectors.sessions_around(point, original)
    problem = check_move(sessions, original, moved_to)
    words = {
        "day": f"{original:%d/%m/%Y}",
        "new": f"{moved_to:%d/%m/%Y}",
        "point": point.name,
        "days": MOVE_REACH,
    }
    messages = {
        MoveProblem.NOT_A_TRANSACTION_DAY: _("%(day)s is not a transaction day of %(point)s."),
        MoveProblem.SAME_DAY: _("The transaction day of %(point)s is already on %(new)s."),
        MoveProblem.TOO_FAR: _(
            "A transaction day may leave its month by at most %(days)s days: %(new)s is too "
            "far from the session of %(day)s."
        ),
        MoveProblem.CROSSES_NEIGHBOUR: _(
            "%(new)s is not between the transaction days before and after %(day)s at "
            "%(point)s: sessions must stay one a month, in order."
        ),
    }
    if problem is not None:
        raise ValidationError(messages[problem] % words, code=problem.value)
    session = next(s for s in sessions if s.date == original)
    move = data.move_of(point, session) or TransactionDayMove(
        point=point, original=session.scheduled
    )
    move.moved_to, move.reason = moved_to, reason
    return move


def save_move(*, actor, instance: TransactionDayMove) -> TransactionDayMove:
    """The admin's way in: a new row moves the session held on its `original`; an edited row
    moves its session again from where it is now held."""
    original = instance.original
    if instance.pk is not None:
        original = TransactionDayMove.objects.get(pk=instance.pk).moved_to
    saved = move_day(
        actor=actor,
        point=instance.point,
        original=original,
        moved_to=instance.moved_to,
        reason=instance.reason,
    )
    instance.pk, instance.original, instance.actor = saved.pk, saved.original, saved.actor
    instance.created = saved.created
    return saved
