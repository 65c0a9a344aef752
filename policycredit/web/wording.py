"""Django's own Vietnamese for a few admin words reads badly to bank staff ("History" comes out
as "memo"). Naming the msgids here keeps them in the project's catalogue, which wins over
Django's, so `make messages` does not drop the better wording."""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("History"),
    gettext_noop("Add"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("Change history"),
]
