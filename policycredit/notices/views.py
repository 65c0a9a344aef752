"""The outbox on screen, a transaction day's messages with their "send" button, and the
gateway's delivery reports.

The pages read through the scoped selectors (another office's message or day is a 404) and
write through the services. The delivery callback is for the gateway, not for people: no
session, no CSRF token; a request is believed only with the shared secret's signature.
"""

import datetime
import hmac
import json
import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from policycredit.accounts.roles import can_act, require_action
from policycredit.common import query as address
from policycredit.common.pages import SignedInView, page
from policycredit.common.selectors import business_date
from policycredit.notices import backends, conf, selectors, services
from policycredit.notices.forms import OutboxFilter
from policycredit.notices.models import Status
from policycredit.transactiondays.selectors import days_for

LISTED = 300  # the latest messages a list shows


class OutboxView(SignedInView):
    def get(self, request):
        require_action(request.user, "notices.view")
        form = OutboxFilter(request.GET if request.GET else None)
        chosen = address.read(form)
        mine = selectors.messages_for(request.user)
        shown = selectors.filtered(
            mine,
            status=chosen.get("status"),
            kind=chosen.get("kind"),
            about=chosen.get("about"),
        )
        listed = list(shown.order_by("-created_at", "-id")[:LISTED])
        for message in listed:
            message.stuck = selectors.is_stuck(message)
        return page(
            request,
            "notices/outbox.html",
            {
                "form": form,
                "counts": [
                    (status, Status(status).label, n)
                    for status, n in selectors.counts(shown).items()
                ],
                "messages_listed": listed,
                "total": shown.count(),
                "listed_max": LISTED,
                "stuck": selectors.stuck(mine).count(),
                "batches": selectors.batches_for(request.user)[:10],
                "days": _days_around(request.user),
                "can_send": can_act(request.user, "notices.send"),
                "can_settle": can_act(request.user, "notices.settle"),
                "no_backend": not conf.backend_path(),
            },
            title=_("Text messages to households"),
        )

    def post(self, request):
        require_action(request.user, "notices.view")
        action = request.POST.get("action")
        acts = {
            "retry": lambda m: services.retry(actor=request.user, message=m),
            "cancel": lambda m: services.cancel(actor=request.user, message=m),
            "went_out": lambda m: services.settle(actor=request.user, message=m, went_out=True),
            "not_sent": lambda m: services.settle(actor=request.user, message=m, went_out=False),
        }
        if action not in acts:
            return redirect("notices:outbox")
        required = "notices.settle" if action in ("went_out", "not_sent") else "notices.send"
        require_action(request.user, required)
        pk = request.POST.get("message", "")
        if not pk.isascii() or not pk.isdigit():
            messages.error(request, _("Choose a message."))
            return redirect("notices:outbox")
        message = get_object_or_404(selectors.messages_for(request.user), pk=int(pk))
        try:
            acts[action](message)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Done."))
        return redirect(f"{reverse('notices:outbox')}?{request.GET.urlencode()}")


def _days_around(user) -> list:
    """The transaction days opened lately or ahead, each a link to its messages."""
    since = business_date() - datetime.timedelta(days=7)
    return list(days_for(user).filter(date__gte=since).order_by("date", "point__name")[:20])


class DayMessagesView(SignedInView):
    """The day's messages as the outbox would send them (the same lines as the notices
    page), each household's phone or its want of one, what the outbox already holds; and
    the button that queues them."""

    def get(self, request, pk):
        require_action(request.user, "notices.view")
        day = get_object_or_404(days_for(request.user), pk=pk)
        candidates = selectors.day_candidates(request.user, day.point, day.date)
        held = {
            m.key: m
            for m in selectors.messages_for(request.user).filter(
                key__in=[c.key for c in candidates]
            )
        }
        lines = [(c, held.get(c.key)) for c in candidates]
        return page(
            request,
            "notices/day.html",
            {
                "day": day,
                "lines": lines,
                "to_queue": sum(1 for c, held in lines if c.phone and held is None),
                "without_phone": sum(1 for c, _held in lines if not c.phone),
                "can_send": can_act(request.user, "notices.send"),
            },
            title=_("Text messages – %(day)s") % {"day": day},
        )

    def post(self, request, pk):
        require_action(request.user, "notices.view")
        day = get_object_or_404(days_for(request.user), pk=pk)
        require_action(request.user, "notices.send")
        batch = services.queue_day(actor=request.user, day=day)
        messages.success(
            request,
            _(
                "%(queued)s message(s) queued; %(skipped)s skipped as already queued or sent; "
                "%(without)s household(s) without a phone."
            )
            % {
                "queued": batch.queued,
                "skipped": batch.skipped,
                "without": batch.without_phone,
            },
        )
        return redirect("notices:day", day.pk)


# ------------------------------------------------------------------ the gateway's reports

# A report signed longer ago than this (or this far ahead) is refused: a replay.
SIGNATURE_TOLERANCE = 300


def _refused(status: int, code: str) -> JsonResponse:
    return JsonResponse({"ok": False, "error": code}, status=status)


def _verified(request) -> bool:
    secret = conf.callback_secret()
    timestamp = request.headers.get("X-Timestamp", "")
    given = request.headers.get("X-Signature", "")
    if not secret or not timestamp.isdigit() or not given:
        return False
    if abs(time.time() - int(timestamp)) > SIGNATURE_TOLERANCE:
        return False
    expected = backends.signature(secret, timestamp, request.body)
    return hmac.compare_digest(expected, given.removeprefix("sha256="))


@csrf_exempt
@require_POST
def delivery(request):
    """``{"id": "<gateway id>", "status": "delivered"|"failed", "error": "..."}``, or a list of
    them. Answers which ids were recorded and which are unknown."""
    if not _verified(request):
        return _refused(403, "bad_signature")
    try:
        reports = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _refused(400, "bad_json")
    if isinstance(reports, dict):
        reports = [reports]
    if not isinstance(reports, list) or not reports or len(reports) > 1000:
        return _refused(400, "bad_reports")
    for report in reports:
        if (
            not isinstance(report, dict)
            or not isinstance(report.get("id"), str)
            or not report["id"]
            or report.get("status") not in services.DELIVERY
            or not isinstance(report.get("error", ""), str)
        ):
            return _refused(400, "bad_report")
    recorded, unknown = [], []
    for report in reports:
        found = services.record_delivery(
            gateway_id=report["id"][:100],
            status=report["status"],
            error=report.get("error", "")[:500],
        )
        (recorded if found else unknown).append(report["id"])
    return JsonResponse({"ok": True, "recorded": recorded, "unknown": unknown})
