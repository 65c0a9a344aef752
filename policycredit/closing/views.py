"""The close of day's page, for the roles that may close (`day.close`): the business date, how
the last close ended, a close under way; and the form that starts the close of every day up to
a date as a job (`catch_up`), whose page counts the days. A refusal (an open transaction day,
nothing left to close) is said on this page before anything runs."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from policycredit.accounts.roles import require_action
from policycredit.accounts.selectors import scope_of
from policycredit.closing import catch_up, selectors, services
from policycredit.closing.forms import CatchUpForm
from policycredit.common.forms import errors_to_form
from policycredit.common.pages import SignedInView, page
from policycredit.jobs import services as job_services


class CloseView(SignedInView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_action(request.user, "day.close")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        current = services.current_date()
        form = CatchUpForm(
            initial={"until": selectors.catch_up_until(current, timezone.localdate())}
        )
        return self._render(request, form)

    def post(self, request):
        form = CatchUpForm(request.POST)
        if form.is_valid():
            try:
                job = job_services.start(
                    actor=request.user,
                    kind=catch_up.NAME,
                    parameters={"until": form.cleaned_data["until"].isoformat()},
                )
            except ValidationError as refused:
                errors_to_form(form, refused)
            else:
                return redirect("jobs:job", job.pk)
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        current = services.current_date()
        running = selectors.catch_up_under_way()
        reply = page(
            request,
            "closing/close.html",
            {
                "form": form,
                "current": current,
                "last": selectors.last_close(current),
                "begun": selectors.steps_begun(current),
                "running": running,
                "own": running is not None
                and (running.actor_id == request.user.pk or scope_of(request.user).everything),
            },
            title=_("Close of day"),
        )
        reply.status_code = status
        return reply
