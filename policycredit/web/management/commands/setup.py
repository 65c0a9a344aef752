"""``policycredit setup [--province CODE …]``: what a new installation needs before its first
import of the bank's register, and safe to run again (after an upgrade of the package that
carries the national units, it adds what is new).

* the country's administrative units, before and after the July 2025 reform, with their
  successions (`geo.services.load_national_units`);
* the lending programmes with the bank's programme codes and their terms
  (`programmes.services.load_catalogue`).
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from policycredit.domain.money import format_vnd
from policycredit.geo.services import load_national_units
from policycredit.programmes.services import load_catalogue


class Command(BaseCommand):
    help = "Prepare a new installation: the national administrative units and the programmes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            default=None,
            help="load only this province's units (its code, e.g. 01; repeatable)",
        )
        parser.add_argument("--lang", default="vi", choices=["vi", "en"])

    def handle(self, *args, province, lang, **options):
        with translation.override(lang), transaction.atomic():
            started = time.monotonic()
            units = load_national_units(actor=None, provinces=set(province or ()))
            self.stdout.write(
                _(
                    "Administrative units (vietnamadminunits %(version)s): %(units)s added, "
                    "%(known)s already here, %(renamed)s renamed; %(links)s successions "
                    "added (%(seconds).1f s)."
                )
                % {
                    "version": units.version,
                    "units": format_vnd(units.units, unit=""),
                    "known": format_vnd(units.already, unit=""),
                    "renamed": units.renamed,
                    "links": format_vnd(units.successions, unit=""),
                    "seconds": time.monotonic() - started,
                }
            )
            if units.unresolved:
                self.stdout.write(
                    _(
                        "%(count)s entries of the package's conversion name a unit its lists "
                        "do not have; they were left out, e.g. %(first)s."
                    )
                    % {"count": len(units.unresolved), "first": units.unresolved[0]}
                )
            created = load_catalogue(actor=None)
            self.stdout.write(
                _("Lending programmes: %(created)s added (the others were here).")
                % {"created": created}
            )
