import re
from collections import Counter

from django.db.models import Case, Q, QuerySet, Value, When

from policycredit.accounts.roles import can_change
from policycredit.accounts.selectors import scope_of
from policycredit.borrowers.models import Household, Person, PovertyRecord
from policycredit.domain.cccd import normalize_cccd
from policycredit.domain.text import fold, words
from policycredit.network.models import Membership, SavingsGroup


def households_for(user) -> QuerySet:
    """Households the user may see: by office, by ward, or as current members of its groups."""
    scope = scope_of(user)
    qs = Household.objects.select_related("head", "ward", "office")
    if scope.everything:
        return qs
    condition = Q(office_id__in=scope.office_ids) | Q(ward_id__in=scope.ward_ids)
    if scope.organisation_ids or scope.group_ids:
        groups = SavingsGroup.objects.filter(
            Q(organisation_id__in=scope.organisation_ids) | Q(id__in=scope.group_ids)
        )
        members = Membership.objects.filter(left__isnull=True, group__in=groups)
        condition |= Q(id__in=members.values("household_id"))
    return qs.filter(condition)


def persons_for(user) -> QuerySet:
    return Person.objects.select_related("household").filter(
        household__in=households_for(user).values("id")
    )


def poverty_records_for(user) -> QuerySet:
    return PovertyRecord.objects.select_related("household").filter(
        household__in=households_for(user).values("id")
    )


def poverty_status_on(household: Household, year: int) -> PovertyRecord | None:
    return household.poverty_records.filter(year__lte=year).order_by("-year").first()


def may_find_by_cccd(user) -> bool:
    """Who may look a person up by a full citizen ID: those who keep the persons' records (and
    so type the numbers in). Everyone else finds people by name or household code."""
    return can_change(user, "borrowers", "person")


# -- The search box -------------------------------------------------------------------------
#
# One box takes a name as officers type it (any case, with or without tones), a code or
# contract number, or a full citizen ID. A name matches when every typed word begins a word of
# it ("ng duc" finds "Nguyễn Đức Anh", "duc" does not find "Đỗ Mạnh Hùng"); the closest come
# first: the exact name, then names that begin with what was typed, then the rest.

# Twelve digits, as typed with or without spaces and dots: a citizen ID, compared whole, never a
# part of it (a part is a range, and ranges spell numbers out: tests/test_personal_data.py).
_FULL_CCCD = re.compile(r"[0-9]{12}")

EXACT, BEGINS, OTHER = 0, 1, 2
RANK = "search_rank"  # the annotation a searched list is ordered by first


def full_cccd(term: str) -> str | None:
    """The citizen ID a search term is, if it is one in full; None for anything else."""
    number = normalize_cccd((term or "").strip())
    return number if _FULL_CCCD.fullmatch(number) else None


def name_condition(term: str, key_path: str) -> Q | None:
    """Every word of ``term`` begins a word of the search key at ``key_path``; None when the
    term has no word."""
    typed = words(term)
    if not typed:
        return None
    condition = Q()
    for word, times in Counter(typed).items():
        condition &= Q(**{f"{key_path}__startswith": word}) | Q(
            **{f"{key_path}__contains": f" {word}"}
        )
        if times > 1:
            # "Nguyễn Đức Đức": a word typed twice begins two words of the name.
            pattern = f"(^| ){re.escape(word)}(.* {re.escape(word)}){{{times - 1}}}"
            condition &= Q(**{f"{key_path}__regex": pattern})
    return condition


def ranked(queryset: QuerySet, condition: Q, exact: list[Q], begins: list[Q]) -> QuerySet:
    """``queryset`` narrowed to ``condition``, the rows meeting one of ``exact`` first, then
    those meeting one of ``begins``, then the rest, each part in the list's own order."""
    whens = [When(q, then=Value(EXACT)) for q in exact] + [
        When(q, then=Value(BEGINS)) for q in begins
    ]
    found = queryset.filter(condition).annotate(**{RANK: Case(*whens, default=Value(OTHER))})
    # The list's own order after the rank: an autocomplete, which orders nothing, keeps it.
    return found.order_by(RANK, *(queryset.query.order_by or queryset.model._meta.ordering))


def one_token(term: str) -> bool:
    """Whether the term could be a code or a number (no space in it)."""
    return bool(term) and " " not in term


def households_matching(queryset: QuerySet, term: str, path: str = "", also: Q | None = None):
    """The rows of ``queryset`` (already scoped to the user) whose household (``path`` to it,
    "" for households themselves) a search term finds: by the head's name, by household code,
    or by its address as typed; ``also`` adds what else finds a row."""
    at = f"{path}__" if path else ""
    term = " ".join((term or "").split())
    by_name = name_condition(term, f"{at}head__name_search")
    if by_name is None:
        return queryset
    key = fold(term)
    condition = by_name | Q(**{f"{at}address__icontains": term})
    if one_token(term):
        condition |= Q(**{f"{at}code__icontains": term})
    if also is not None:
        condition |= also
    return ranked(
        queryset,
        condition,
        exact=[Q(**{f"{at}head__name_search": key}), Q(**{f"{at}code__iexact": term})],
        begins=[Q(**{f"{at}head__name_search__startswith": key})],
    )


def persons_matching(queryset: QuerySet, term: str, path: str = "", numbers=()) -> QuerySet:
    """The rows of ``queryset`` (already scoped to the user) whose person (``path`` to it, ""
    for persons themselves) a search term finds: by name or by their household's code, or a
    row's own number (``numbers``: the lookups of a loan's contract number, an application's)."""
    at = f"{path}__" if path else ""
    term = " ".join((term or "").split())
    by_name = name_condition(term, f"{at}name_search")
    if by_name is None:
        return queryset
    key = fold(term)
    exact = [Q(**{f"{at}name_search": key})]
    condition = by_name
    if one_token(term):
        for code in [f"{at}household__code", *numbers]:
            condition |= Q(**{f"{code}__icontains": term})
            exact.append(Q(**{f"{code}__iexact": term}))
    return ranked(
        queryset, condition, exact=exact, begins=[Q(**{f"{at}name_search__startswith": key})]
    )


def search_households(user, term: str) -> QuerySet:
    """The households the user may see that a search term finds, the closest first."""
    return households_matching(households_for(user), term)


def search_persons(user, term: str) -> QuerySet:
    """The persons the user may see that a search term finds, the closest first."""
    return persons_matching(persons_for(user), term)
