"""The kinds of job, as the apps above register them from their `ready()`.

The jobs app sits low in the layers, below every app whose work it runs, so it cannot import
them: each app hands it a `Kind` saying who may start one (an action of `accounts.roles`),
what to check first, how to run it and how to speak of it. The worker looks the kind up by
the name stored on the job.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

STALE = datetime.timedelta(minutes=5)


class Refused(Exception):
    """The business said no while the job ran (an open transaction day met by the close): the
    message is for the person, in their language; `outcome` keeps what was done before."""

    def __init__(self, message: str, outcome: dict | None = None):
        super().__init__(message)
        self.outcome = outcome


@dataclass(frozen=True)
class Result:
    """What a run leaves: a finished file (written through `files.writing`), an outcome for
    the page, or both."""

    outcome: dict | None = None
    path: str = ""
    download_name: str = ""
    content_type: str = ""


def _nothing(*args, **kwargs):
    return None


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    action: str  # `accounts.roles.ACTIONS`: to start one, to see it, to fetch its file
    run: Callable  # (job, progress) -> Result; may raise Refused
    check: Callable = _nothing  # (actor, parameters): raises ValidationError or PermissionDenied
    describe: Callable = _nothing  # (job) -> str: what this one is, for the page's title
    summary: Callable = _nothing  # (job) -> str: what came of it, once done or refused
    back: Callable = _nothing  # (job) -> URL of the page it was started from
    counted: str = field(default=_("steps done"))  # what `done` and `total` count
    exclusive: bool = False  # one at a time (the close of day)
    # No progress for this long and the worker is taken for dead: the page offers to run the
    # job again. A kind with long silent steps says so here.
    stale_after: datetime.timedelta = STALE


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.name] = kind


def get(name: str) -> Kind:
    return _KINDS[name]


def names() -> list[str]:
    return list(_KINDS)
