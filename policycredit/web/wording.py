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
    # The interest calculator's row formsets (loans/forms.py): Django 5 reworded these two and
    # its Vietnamese catalogue has only the old msgids. Posting more rows than the form allows,
    # or none of the management fields, brings them out.
    ngettext_lazy(
        "Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"
    ),
    gettext_noop(
        "ManagementForm data is missing or has been tampered with. Missing fields: "
        "%(field_names)s. You may need to file a bug report if the issue persists."
    ),
    # The 16/TD criteria's code is a slug (inspections.Criterion).
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
]
