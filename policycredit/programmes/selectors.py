import datetime

from django.db.models import Q, QuerySet

from policycredit.programmes.models import Programme, ProgrammeTerms


def programmes_for(user) -> QuerySet:
    # Programmes and their terms are public policy: every signed-in user may read them.
    return Programme.objects.prefetch_related("terms")


def terms_for(user) -> QuerySet:
    return ProgrammeTerms.objects.select_related("programme")


def terms_in_force(programme: Programme, on: datetime.date) -> ProgrammeTerms | None:
    return (
        programme.terms.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )
