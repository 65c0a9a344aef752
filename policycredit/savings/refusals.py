"""Why a savings movement is refused, in the words the teller sees. The services call these
under the membership's row lock, with the member's log read in the same transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from policycredit.common.selectors import business_date, closed_day_refusal
from policycredit.common.services import require
from policycredit.domain import savings as rules
from policycredit.domain.money import format_vnd


def problems(member, amount, on: datetime.date) -> list[tuple[str, str]]:
    """What is wrong with moving ``amount`` of a member's savings on ``on``, in either
    direction: (message, code) pairs, all of them at once."""
    found = []
    if not rules.is_whole_dong(amount):
        found.append(
            (_("The amount must be a positive whole number of đồng."), "amount_not_positive")
        )
    if on > business_date():
        found.append((_future(on), "future_date"))
    closed = closed_day_refusal(on)
    if closed:
        found.append((closed, "closed_day"))
    if on < member.joined:
        found.append(
            (
                _("The household joined the group on %(day)s: no savings before that day.")
                % {"day": _day(member.joined)},
                "not_a_member",
            )
        )
    if member.left is not None and on > member.left:
        found.append(
            (
                _("The household left the group on %(day)s: its savings cannot move after that.")
                % {"day": _day(member.left)},
                "membership_ended",
            )
        )
    return found


def require_no_problems(member, amount, on: datetime.date) -> None:
    found = problems(member, amount, on)
    if found:
        raise ValidationError([ValidationError(message, code=code) for message, code in found])


def require_available(movements, amount: int, on: datetime.date) -> None:
    """A withdrawal may take what the member has on its date and on every later day."""
    left, bound_day = rules.available(movements, on)
    if amount <= left:
        return
    if bound_day == on:
        message = _("The withdrawal is larger than the member's savings of %(balance)s đồng.") % {
            "balance": _vnd(left)
        }
    else:
        message = _(
            "On %(day)s the member's savings were only %(balance)s đồng: a withdrawal dated "
            "earlier cannot take more than that."
        ) % {"day": _day(bound_day), "balance": _vnd(left)}
    raise ValidationError(message, code="insufficient_savings")


def require_deposit_still_there(movements, amount: int, on: datetime.date) -> None:
    """Taking back a deposit is a withdrawal of it: refused once the money has been paid out."""
    left, _bound_day = rules.available(movements, on)
    require(
        amount <= left,
        _(
            "The member's savings of %(balance)s đồng cannot cover taking back this deposit: "
            "part of it has been withdrawn."
        )
        % {"balance": _vnd(left)},
        code="insufficient_savings",
    )


def require_not_future(on: datetime.date) -> None:
    require(on <= business_date(), _future(on), code="future_date")
    closed = closed_day_refusal(on)
    require(closed is None, closed, code="closed_day")


def _future(on: datetime.date) -> str:
    return _("%(day)s is after today's business date: money is recorded when it moves.") % {
        "day": _day(on)
    }


def _day(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _vnd(amount: int) -> str:
    return format_vnd(max(amount, 0), unit="")
