"""The tokens page: a signed-in person (who passed the second factor: the web's middleware
sees to it) makes a token for another program, sees it once, sees their tokens and revokes
them; the administrator sees and may revoke everyone's. There is deliberately no sign-in over
the API: a password sent to an endpoint would go around the lock-out and the second factor."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unfold.widgets import UnfoldAdminTextInputWidget

from policycredit.accounts.roles import can_act
from policycredit.api import selectors, services
from policycredit.common.forms import errors_to_form
from policycredit.common.pages import SignedInView, page


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("what the token is for"),
        max_length=100,
        widget=UnfoldAdminTextInputWidget,
    )


class TokensView(SignedInView):
    def get(self, request, form=None, made=None):
        return page(
            request,
            "api/tokens.html",
            {
                "form": form or TokenForm(),
                "made": made,
                "tokens": selectors.tokens_for(request.user),
                "now": timezone.now(),
                "sees_all": can_act(request.user, "api.tokens.revoke_any"),
                "days": settings.POLICYCREDIT_API_TOKEN_DAYS,
            },
            title=_("API tokens"),
        )

    def post(self, request):
        if request.POST.get("action") == "revoke":
            token = get_object_or_404(
                selectors.tokens_for(request.user), token_key=request.POST.get("key", "")
            )
            services.revoke_token(actor=request.user, token=token)
            messages.success(request, _("Token revoked: programs using it are refused now."))
            return redirect("api:tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, text = services.create_token(
                    actor=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                # Shown on this answer only (not after a redirect: it would sit in the session).
                return self.get(request, form=TokenForm(), made=text)
        return self.get(request, form=form)
