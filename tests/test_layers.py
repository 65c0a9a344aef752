"""The architecture is a contract the build keeps: `lint-imports` (run by `make lint`) passes on
the tree, and fails the moment a lower app imports a higher one."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"


def _lint() -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def linter():
    if not LINT.exists() and not shutil.which("lint-imports"):
        pytest.fail("lint-imports is missing: it is in the test extras of pyproject.toml")


def test_the_apps_keep_their_layers(linter):
    done = _lint()
    assert done.returncode == 0, done.stdout[-3000:]
    assert "1 kept, 0 broken" in done.stdout


def test_an_import_from_the_books_up_to_the_loans_breaks_the_build(linter):
    """The ledger sits below the loans: a module of the ledger importing the loans' services
    (what the books once did) is refused, naming both."""
    probe = ROOT / "policycredit" / "ledger" / "_layer_probe.py"
    probe.write_text("from policycredit.loans import services  # noqa: F401\n", encoding="utf-8")
    try:
        done = _lint()
    finally:
        probe.unlink()
    assert done.returncode == 1, done.stdout[-3000:]
    assert "policycredit.ledger._layer_probe -> policycredit.loans.services" in done.stdout
