"""Reports that are also written documents: a report's file in a given format made by an app
above reporting rather than by `exports`.

The Directive 40 review is what a district files: a heading, a narrative with the figures filled
in, the tables and a signature. That document is written by the `reviews` app, which sits above
reporting (it reads the boards', budgets' and supervision's summaries too), so reporting cannot
import it. `reviews` registers its writers here when it starts (`AppConfig.ready`), and the
report's page, the console command and the worker ask here first.

A writer is ``writer(reader, as_of, from_year, unit) -> bytes``; it checks the reader's right and
records its own audit event.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


@dataclass(frozen=True)
class Writer:
    make: Callable[..., bytes]
    content_type: str
    suffix: str  # ".docx"


# {report name: {format: Writer}}
DOCUMENTS: dict[str, dict[str, Writer]] = {}


def register(report: str, file_format: str, make: Callable[..., bytes], content_type: str):
    DOCUMENTS.setdefault(report, {})[file_format] = Writer(make, content_type, f".{file_format}")


def writer(report: str, file_format: str | None) -> Writer | None:
    return DOCUMENTS.get(report, {}).get(file_format or "")


def formats(report: str) -> list[str]:
    """The formats a report's documents come in, beyond the workbook and the printed tables."""
    return list(DOCUMENTS.get(report, {}))


def make(report: str, file_format: str, reader, as_of: datetime.date, from_year: int, unit):
    return writer(report, file_format).make(reader, as_of, from_year, unit)
