"""Every write of the review documents: the administrator's changes to the wording (checked:
a text that does not compile or names an unknown figure is refused, `models.clean`), and the
making of a document, which is audited (REVIEW_DOCUMENT_MADE) as the district files it."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from policycredit.accounts.roles import can_change, require_action
from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.common.services import save_record
from policycredit.geo.models import AdminUnit
from policycredit.reviews import printed, selectors, word
from policycredit.reviews.models import ReviewSection, ReviewTemplate

WRITERS = {"docx": word.docx_bytes, "pdf": printed.pdf_bytes}


def _may_change(actor, model) -> None:
    if not can_change(actor, "reviews", model._meta.model_name):
        raise PermissionDenied


@transaction.atomic
def save_template(*, actor, instance: ReviewTemplate) -> ReviewTemplate:
    _may_change(actor, ReviewTemplate)
    return save_record(actor=actor, instance=instance)


@transaction.atomic
def save_section(*, actor, instance: ReviewSection) -> ReviewSection:
    _may_change(actor, ReviewSection)
    return save_record(actor=actor, instance=instance)


@transaction.atomic
def make_document(
    *,
    actor,
    file_format: str,
    as_of: datetime.date,
    from_year: int,
    unit: AdminUnit | None = None,
) -> bytes:
    """The review as a Word file or a PDF, for what the actor may see."""
    require_action(actor, "reports.view")
    template, document = selectors.document_for(actor, as_of, from_year, unit)
    content = WRITERS[file_format](document)
    record(
        actor=actor,
        action=Action.REVIEW_DOCUMENT_MADE,
        instance=template,
        new={
            "format": file_format,
            "as_of": as_of.isoformat(),
            "from_year": from_year,
            "unit": unit.pk if unit else None,
        },
    )
    return content


def writer(file_format: str):
    """``make(reader, as_of, from_year, unit) -> bytes`` for the reporting's registry."""

    def make(reader, as_of, from_year, unit):
        return make_document(
            actor=reader, file_format=file_format, as_of=as_of, from_year=from_year, unit=unit
        )

    return make
