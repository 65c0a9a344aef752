"""The review as a document, before it is a file: the template's words rendered with the
review's figures, its sections with their tables, its heading and signature. The Word file
(`word.py`) and the PDF (`printed.py`) both lay out this one value, so they say the same."""

from dataclasses import dataclass

from policycredit.reviews import wording
from policycredit.reviews.context import Gathered
from policycredit.reviews.models import ReviewTemplate
from policycredit.reviews.tables import DocTable


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]
    tables: list[DocTable]


@dataclass(frozen=True)
class Document:
    issuer: list[str]
    motto: list[str]
    number: str
    place_and_date: str
    title: list[str]
    sections: list[Section]
    signature_title: list[str]
    signer: str
    recipients: list[str]
    filename: str

    def text(self) -> str:
        """Every word of the document, tables included: what a reader of either file reads."""
        parts = [*self.issuer, *self.motto, self.number, self.place_and_date, *self.title]
        for section in self.sections:
            parts += [section.heading, *section.paragraphs]
            for table in section.tables:
                parts += [table.title, *table.headers]
                parts += [text for row in table.rows for text, _n in row]
                parts += [text for text, _n in table.total or []]
        parts += [*self.signature_title, self.signer, *self.recipients]
        return "\n".join(p for p in parts if p)


def compose(template: ReviewTemplate, gathered: Gathered) -> Document:
    context = gathered.variables.as_context()

    def lines(text):
        return wording.lines(text or "", context)

    def line(text):
        return " ".join(lines(text))

    sections = [
        Section(
            heading=line(s.heading),
            paragraphs=lines(s.body),
            # A table with nothing in it (no plan, no meeting yet) is left out; the text says so.
            tables=[
                gathered.tables[k]
                for k in s.table_keys
                if k in gathered.tables and gathered.tables[k].rows
            ],
        )
        for s in template.sections.order_by("position")
    ]
    as_of = gathered.variables.as_of
    return Document(
        issuer=lines(template.issuer),
        motto=lines(template.motto),
        number=line(template.number),
        place_and_date=line(template.place_and_date),
        title=lines(template.title),
        sections=sections,
        signature_title=lines(template.signature_title),
        signer=line(template.signer),
        recipients=lines(template.recipients),
        filename=f"{gathered.report.name}-{as_of:%Y%m%d}",
    )
