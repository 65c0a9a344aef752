"""Django's own Vietnamese for a few admin words reads badly to bank staff ("History" comes out
as "memo"). Naming the msgids here keeps them in the project's catalogue, which wins over
Django's, so `make messages` does not drop the better wording."""

from django.utils.translation import gettext_noop, ngettext_lazy

OVERRIDDEN = [
    gettext_noop("History"),
    gettext_noop("Add"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("Change history"),
]

# Django's forms' refusals that its Vietnamese catalogue leaves in English; the hostile-input
# tests (tests/test_hostile_forms.py) post values that bring them out.
UNTRANSLATED_BY_DJANGO = [
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop("“%(pk)s” is not a valid value."),
    # Django 5.2 changed this msgid (%d); its Vietnamese catalogue still has the old one.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        12,
    ),
]
