from django.core.exceptions import ValidationError


def errors_to_form(form, error: ValidationError) -> None:
    """Show a service's refusal on the form that asked for it, above the fields.

    Every message goes to the form as a whole, even one the service keyed to a field: a
    service's field is a model's field, which the screen's form may not have (and `add_error`
    raises on a field the form lacks), and the person reads the refusal in one place either way.
    """
    for message in error.messages:
        form.add_error(None, message)
