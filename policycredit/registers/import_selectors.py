"""Reads behind the import pages, scoped to the offices the user sees."""

from django.db.models import QuerySet

from policycredit.accounts.selectors import scope_of
from policycredit.geo.models import Office
from policycredit.registers.models import Difference, ImportJob, ImportRun


def offices_for_import(user) -> QuerySet:
    qs = Office.objects.order_by("code")
    scope = scope_of(user)
    return qs if scope.everything else qs.filter(pk__in=scope.office_ids)


def may_create_offices(user) -> bool:
    """A file naming an office not yet known opens it: only for a user who sees everything."""
    return scope_of(user).everything


def runs_for(user) -> QuerySet:
    return ImportRun.objects.filter(office__in=offices_for_import(user)).select_related(
        "office", "actor"
    )


def differences_of(run: ImportRun) -> QuerySet:
    return Difference.objects.filter(run=run).order_by("contract", "field")


def jobs_for(user) -> QuerySet:
    """A check or import job is its starter's (an administrator sees them all): the problems it
    lists quote the file, ID numbers included."""
    qs = ImportJob.objects.select_related("actor")
    return qs if scope_of(user).everything else qs.filter(actor=user)
