"""Every read of the review documents: the wording in force and the document for a reader,
whose figures are scoped to what the reader may see (`reporting.directive40` and the four
summaries scope each by the reader; a unit outside the reader's area is refused by the
reporting's unit choices before it comes here)."""

import datetime

from django.db.models import QuerySet

from policycredit.accounts.roles import can_view
from policycredit.common.selectors import business_date
from policycredit.geo.models import AdminUnit
from policycredit.reviews.context import gather
from policycredit.reviews.document import Document, compose
from policycredit.reviews.models import ReviewTemplate


def templates_for(user) -> QuerySet:
    if not can_view(user, "reviews", "reviewtemplate"):
        return ReviewTemplate.objects.none()
    return ReviewTemplate.objects.all()


def template_in_force(on: datetime.date) -> ReviewTemplate:
    """The newest wording whose day has come (the oldest when none has yet)."""
    found = ReviewTemplate.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    return found or ReviewTemplate.objects.order_by("valid_from").first()


def document_for(
    user,
    as_of: datetime.date,
    from_year: int,
    unit: AdminUnit | None = None,
    issued_on: datetime.date | None = None,
) -> tuple[ReviewTemplate, Document]:
    issued_on = issued_on or business_date()
    template = template_in_force(issued_on)
    return template, compose(template, gather(user, as_of, from_year, unit, issued_on))
