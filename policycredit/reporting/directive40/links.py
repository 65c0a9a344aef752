"""Links from a report to the list behind a figure or a row, with the list's filters."""

import contextlib
import contextvars
import datetime
from urllib.parse import urlencode

from django.urls import reverse


def link(name: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{_path(name)}?{urlencode(params)}"


def _path(name: str) -> str:
    # A national review links each of its ten thousand wards: one reverse() per list, not per
    # row (resolving a URL name costs more than the row's figures). The URL prefix may differ
    # between requests (script name, language), so the cache lives for one report.
    paths = _paths.get()
    if paths is None:
        return reverse(f"reporting:{name}")
    if name not in paths:
        paths[name] = reverse(f"reporting:{name}")
    return paths[name]


_paths: contextvars.ContextVar[dict | None] = contextvars.ContextVar("paths", default=None)


@contextlib.contextmanager
def paths_cached():
    """Within the block, each list's path is resolved once (see `_path`)."""
    token = _paths.set({})
    try:
        yield
    finally:
        _paths.reset(token)


def day_param(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"
