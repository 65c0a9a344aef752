from django import forms
from django.contrib.auth.forms import AuthenticationForm as DjangoAuthenticationForm
from django.utils.translation import gettext_lazy as _
from unfold.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Every active user signs in here, not only Django 'staff': the roles decide the rest."""

    error_messages = {
        **DjangoAuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is not right. Both are case-sensitive."),
    }

    def confirm_login_allowed(self, user):
        if not user.is_active:
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
