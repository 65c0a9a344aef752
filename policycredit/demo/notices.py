"""The demo's text messages: the reminders of one point's next transaction day, queued by the
credit officer and "sent" to files in a temporary folder (the file backend; nothing leaves the
machine), so the outbox shows delivered messages, and one the gateway refused (failed, with
its error), which a teller may send again."""

import tempfile

from policycredit.accounts.models import User
from policycredit.calendar.selectors import next_transaction_day
from policycredit.common.selectors import business_date
from policycredit.demo.context import Context
from policycredit.notices import sending, services
from policycredit.notices.backends import FileBackend, GatewayError
from policycredit.notices.models import Message, Status


class _Gateway(FileBackend):
    """The file backend, refusing one number as a real gateway would."""

    def __init__(self, refused: int, folder: str):
        super().__init__(folder)
        self.refused = refused

    def send(self, message):
        if message.pk == self.refused:
            raise GatewayError(
                "HTTP 400: thue bao khong ton tai (number not in service)", retry=False
            )
        return super().send(message)


def seed(ctx: Context) -> None:
    if not ctx.with_loans:
        return  # the tests' small world owes nothing to be told of
    officer = User.objects.filter(username="tindung", is_active=True).first()
    points = sorted((p for p in ctx.points.values() if p.active), key=lambda p: p.code)
    if officer is None or not points:
        return
    point = points[0]
    day = next_transaction_day(point, business_date())
    batch = services.queue_point_day(actor=officer, point=point, date=day)
    ids = list(
        Message.objects.filter(batch=batch, status=Status.QUEUED)
        .order_by("id")
        .values_list("id", flat=True)
    )
    if not ids:
        return
    gateway = _Gateway(refused=ids[-1], folder=tempfile.mkdtemp(prefix="policycredit-demo-sms-"))
    for pk in ids:
        sending.send_one(pk, gateway)
