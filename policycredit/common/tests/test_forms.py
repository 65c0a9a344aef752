from django import forms
from django.core.exceptions import ValidationError

from policycredit.common.forms import errors_to_form


class PayForm(forms.Form):
    amount = forms.IntegerField()


def _paid(amount: int) -> PayForm:
    form = PayForm({"amount": amount})
    assert form.is_valid()
    return form


def test_a_services_refusal_is_shown_above_the_form():
    form = _paid(50_000)
    errors_to_form(form, ValidationError("The day is closed."))
    assert form.non_field_errors() == ["The day is closed."]
    assert not form.is_valid()


def test_every_message_is_shown_even_those_keyed_to_a_field_the_form_does_not_have():
    form = _paid(50_000)
    refusal = ValidationError(
        {"principal": ["More than is owed."], "__all__": ["The loan is frozen."]}
    )
    errors_to_form(form, refusal)
    assert sorted(form.non_field_errors()) == ["More than is owed.", "The loan is frozen."]


def test_a_message_keyed_to_one_of_the_forms_fields_is_still_shown_above_it():
    form = _paid(50_000)
    errors_to_form(form, ValidationError({"amount": ["Not a banknote."]}))
    assert form.non_field_errors() == ["Not a banknote."]
    assert "amount" not in form.errors
