"""The password rule Django's own validators leave out (settings.AUTH_PASSWORD_VALIDATORS has
the others: at least 12 characters, not common, not all digits, not like the user's name)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LettersAndDigitsValidator:
    """At least one letter and one digit: a long word alone, or a long number alone (a birth
    date, a phone number, a citizen ID), is the first thing guessed. Vietnamese letters count."""

    def validate(self, password, user=None):
        if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
            raise ValidationError(
                _("The password must contain both letters and digits."),
                code="password_letters_and_digits",
            )

    def get_help_text(self):
        return _("Your password must contain both letters and digits.")
