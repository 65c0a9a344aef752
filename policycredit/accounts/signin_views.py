"""The pages of signing in that come after the password: the one-time code, the enrolment of
an authenticator app, and the lock-out page. Served inside the site (web.sites adds the URLs);
the only pages a signed-in member of staff reaches before the code is accepted."""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminTextInputWidget

from policycredit.accounts import signin


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=UnfoldAdminTextInputWidget(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _with_next(name, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _page(request, template, context, status=200):
    return render(
        request,
        template,
        {**admin.site.each_context(request), "next": _next(request), **context},
        status=status,
    )


def verify(request):
    user = request.user
    if not signin.needs_second_factor(user) or signin.second_factor_passed(user):
        return redirect(_next(request))
    if not signin.is_enrolled(user):
        return redirect(_with_next("admin:two_factor_enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if signin.verify_second_factor(request=request, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _refused())
    return _page(request, "accounts/two_factor.html", {"title": _("One-time code"), "form": form})


def enrol(request):
    user = request.user
    if not signin.needs_second_factor(user) or signin.second_factor_passed(user):
        return redirect(_next(request))
    if signin.is_enrolled(user):
        return redirect(_with_next("admin:two_factor", request))
    device = signin.enrolment_device(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if signin.confirm_enrolment(request=request, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _refused())
    key = base64.b32encode(device.bin_key).decode()
    context = {
        "title": _("Set up your authenticator app"),
        "form": form,
        # Drawn in the page as SVG: the secret never leaves this answer for an image service.
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, border=2),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
    }
    return _page(request, "accounts/two_factor_enrol.html", context)


def _refused() -> str:
    return gettext(
        "That code was not accepted. Type the code your app shows now; after several wrong "
        "codes, wait a little before the next one."
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in refused because of too many failures
    (settings.AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = gettext(
        "Too many failed sign-ins for this user name or from this computer. Signing in is "
        "locked for %(minutes)s minutes after the last attempt, even with the right password. "
        "Wait, or ask an administrator to unlock it."
    ) % {"minutes": minutes}
    return _page(
        request,
        "accounts/locked_out.html",
        {"title": _("Sign-in locked"), "message": message},
        status=429,  # Too Many Requests
    )
