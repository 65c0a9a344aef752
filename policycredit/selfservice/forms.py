"""The look-up form: the contract number, the last digits of the CCCD, the birth date.

A field that cannot be read (letters in the digits, a date that is none) is said so at once and
nothing is looked up: its message depends on what was typed, never on what is stored, so it
tells nothing about anyone's loan.
"""

import datetime
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policycredit.common.forms import shown

# Nobody who borrows today was born before this.
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
_EIGHT_DIGITS = re.compile(r"[0-9]{8}", re.ASCII)
_NUMBER = re.compile(r"[0-9A-Za-z_/\-–—.\s]{1,40}")


def _box(**attrs):
    return forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", **attrs})


class BirthDateField(forms.DateField):
    """dd/mm/yyyy as the project reads days (the formats module), and ddmmyyyy as a phone's
    number pad types it. `common.forms.DayField` would refuse every birth before 1990."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if not (value.isascii() and value.isprintable()):
                raise ValidationError(
                    _("“%(text)s” is not a date: write it as dd/mm/yyyy.") % {"text": shown(value)},
                    code="invalid",
                )
            if _EIGHT_DIGITS.fullmatch(value):
                value = f"{value[:2]}/{value[2:4]}/{value[4:]}"
        try:
            day = super().to_python(value)
        except ValidationError:
            raise ValidationError(
                _("“%(text)s” is not a date: write it as dd/mm/yyyy.") % {"text": shown(value)},
                code="invalid",
            ) from None
        if day is not None and not EARLIEST_BIRTH <= day <= timezone.localdate():
            raise ValidationError(
                _("%(day)s cannot be a date of birth.") % {"day": f"{day:%d/%m/%Y}"},
                code="out_of_range",
            )
        return day


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Loan contract number"),
        max_length=40,
        widget=_box(autocapitalize="characters"),
    )
    cccd_end = forms.CharField(
        label=_("Last digits of your citizen ID (CCCD)"),
        max_length=12,
        widget=_box(inputmode="numeric"),
    )
    birth_date = BirthDateField(
        label=_("Date of birth"),
        widget=_box(inputmode="numeric", placeholder="dd/mm/yyyy"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        digits = settings.POLICYCREDIT_LOOKUP_CCCD_DIGITS
        self.fields["cccd_end"].help_text = _(
            "The last %(n)s digits of the 12 on your citizen ID card."
        ) % {"n": digits}
        self.fields["cccd_end"].widget.attrs.update(maxlength=str(digits), placeholder="•" * digits)

    def clean_number(self):
        number = self.cleaned_data["number"]
        if not _NUMBER.fullmatch(number):
            raise ValidationError(
                _("“%(text)s” is not a contract number: it is written on your loan contract.")
                % {"text": shown(number)},
                code="invalid",
            )
        return number

    def clean_cccd_end(self):
        digits = settings.POLICYCREDIT_LOOKUP_CCCD_DIGITS
        value = "".join(self.cleaned_data["cccd_end"].split())
        if not (value.isascii() and value.isdigit() and len(value) == digits):
            raise ValidationError(
                _("Type the last %(n)s digits of your citizen ID (CCCD), digits only.")
                % {"n": digits},
                code="invalid",
            )
        return value
