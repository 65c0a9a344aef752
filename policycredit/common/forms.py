"""Form pieces every screen shares: a service's refusal shown on its form, and the fields that
read what people type within bounds (an amount of đồng, a day, a whole number), each refusal
naming what was typed."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminTextInputWidget

from policycredit.common import dates
from policycredit.common.pages import page
from policycredit.domain.money import MAX_VND, AmountError, format_vnd, parse_vnd


def errors_to_form(form, error: ValidationError) -> None:
    """Show a service's refusal on the form that asked for it, above the fields.

    Every message goes to the form as a whole, even one the service keyed to a field: a
    service's field is a model's field, which the screen's form may not have (and `add_error`
    raises on a field the form lacks), and the person reads the refusal in one place either way.
    """
    for message in error.messages:
        form.add_error(None, message)


def shown(text: object) -> str:
    """What was typed, for a message: cut short, invisible characters made visible."""
    text = str(text)
    cut = text[:40] + ("…" if len(text) > 40 else "")
    return "".join(ch if ch.isprintable() else "�" for ch in cut)


def amount_input():
    # A text box, not type=number: a browser's number box reads "1.000" as one and sends it
    # so; the keypad still comes up with inputmode.
    return UnfoldAdminTextInputWidget(attrs={"inputmode": "numeric", "autocomplete": "off"})


AMOUNT_MESSAGES = {
    "characters": _(
        "“%(text)s” is not an amount of đồng: write it with the digits 0-9, for example 1.500.000."
    ),
    "decimals": _(
        "“%(text)s” has a decimal part: amounts are whole đồng, for example "
        "1.500.000 (dots group the thousands)."
    ),
    "grouping": _(
        "“%(text)s”: the dots must group the digits by three, as in 1.500.000, or "
        "leave them out: 1500000."
    ),
    "negative": _("“%(text)s” is negative: type the amount without a sign."),
    "too_large": _("“%(text)s” is more than the largest amount accepted (%(max)s)."),
}


class VndField(forms.Field):
    """An amount of whole đồng read by `domain.money.parse_vnd`: "1.000" is one thousand,
    "1.000,50" and foreign digits are refused, never read as another amount."""

    def __init__(self, *, min_value: int | None = 0, negative: bool = False, **kwargs):
        kwargs.setdefault("widget", amount_input())
        super().__init__(**kwargs)
        self.negative = negative or (min_value is not None and min_value < 0)
        self.min_value = min_value

    def to_python(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return parse_vnd(str(value), negative=self.negative)
        except AmountError as error:
            raise ValidationError(
                AMOUNT_MESSAGES[error.code] % {"text": shown(value), "max": format_vnd(MAX_VND)},
                code=error.code,
            ) from None

    def validate(self, value):
        super().validate(value)
        if value is not None and self.min_value is not None and value < self.min_value:
            raise ValidationError(
                _("The amount must be at least %(min)s.") % {"min": format_vnd(self.min_value)},
                code="min_value",
            )


_WHOLE = re.compile(r"-?[0-9]{1,18}", re.ASCII)
WHOLE_NUMBER_LIMIT = 10**18 - 1  # the most `WholeNumberField` reads


class WholeNumberField(forms.IntegerField):
    """A count, a term or a year: ASCII digits and both bounds required. Django's own field
    reads "1.000" as 1 and takes Arabic-Indic digits (int() does)."""

    def __init__(self, *, min_value: int, max_value: int, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        text = str(value).strip()
        if not _WHOLE.fullmatch(text):
            raise ValidationError(
                _("“%(text)s” is not a whole number: write it with the digits 0-9.")
                % {"text": shown(value)},
                code="invalid",
            )
        return int(text)


def is_id(value) -> bool:
    """Whether a posted value can be a record's id: ASCII digits, at most 18 of them (a
    64-bit key). Python's int() also reads "١٢٣" and "１２３" as 123, and a database asked for
    "=1+1" or 10^30 fails instead of finding nothing."""
    if isinstance(value, int) and not isinstance(value, bool):
        return 0 <= value < 10**18
    return isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18


class IdChoiceField(forms.ModelChoiceField):
    """A choice of record by its integer id that refuses anything but an id before the
    database is asked, with Django's own "invalid choice" message."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not is_id(value) and not isinstance(value, self.queryset.model):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def bound_data(self, data, initial):
        # A refused form is shown again with what was posted, and a widget that shows a choice
        # by its label (the admin's autocomplete) looks the posted id up: not a value that is
        # no id.
        data = super().bound_data(data, initial)
        return data if data in self.empty_values or is_id(data) else None


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """`IdChoiceField` for several records."""

    def _check_values(self, value):
        if isinstance(value, (list, tuple)):
            for item in value:
                if not is_id(item):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": shown(item)},
                    )
        return super()._check_values(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        if isinstance(data, (list, tuple)):
            return [item for item in data if is_id(item)]
        return data


class DayField(forms.DateField):
    """A day in dd/mm/yyyy (or yyyy-mm-dd) between `dates.EARLIEST_DAY` and `dates.latest_day()`:
    a report as of 2999 is refused at once instead of replaying a thousand years."""

    def to_python(self, value):
        if isinstance(value, str) and not (value.isascii() and value.isprintable()):
            raise ValidationError(
                _("“%(text)s” is not a date: write it as dd/mm/yyyy.") % {"text": shown(value)},
                code="invalid",
            )
        day = super().to_python(value)
        if day is None:
            return None
        where = dates.out_of_range(day)
        if where == "early":
            raise ValidationError(
                _("%(day)s is before %(first)s, the first day accepted.")
                % {"day": f"{day:%d/%m/%Y}", "first": f"{dates.EARLIEST_DAY:%d/%m/%Y}"},
                code="early",
            )
        if where == "late":
            raise ValidationError(
                _("%(day)s is after %(last)s, the last day accepted.")
                % {"day": f"{day:%d/%m/%Y}", "last": f"{dates.latest_day():%d/%m/%Y}"},
                code="late",
            )
        return day


def first_error(form) -> str:
    """A bound form's first message, to answer a query string that cannot be read."""
    for errors in form.errors.values():
        for message in errors:
            return str(message)
    return str(_("The request cannot be read."))


def too_large_body(limit: int) -> str:
    return _("The request is larger than any form of this site takes (%(mb)s MB).") % {
        "mb": limit // (1024 * 1024)
    }


def refused(request, message: str):
    """A 400 page saying why a request cannot be answered, in the site's shell."""
    response = page(request, "web/page.html", {}, title=message)
    response.status_code = 400
    return response
