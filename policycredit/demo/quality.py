"""The rules kept as data that the migrations seed, put back where a flushed database lost
them (a test that commits empties its database, and the small world is built again): the
quality scales (inspections/quality_defaults.py), the uses of the interest on local money, the
levels at which boards exist, the kinds of finding and the review document's wording. Each
loader writes only what is missing."""

from policycredit.boards import defaults as board_levels
from policycredit.boards.models import LevelPeriod
from policycredit.budgets import defaults as interest_uses
from policycredit.budgets.models import InterestUseRule
from policycredit.inspections.quality_defaults import load_defaults
from policycredit.reviews import defaults as wording
from policycredit.reviews.models import ReviewSection, ReviewTemplate
from policycredit.supervision.defaults import seed as finding_kinds
from policycredit.supervision.models import FindingKind


def seed(ctx) -> int:
    """The quality scales' rows written (none where every subject already has its scale)."""
    interest_uses.seed(InterestUseRule)
    board_levels.seed(LevelPeriod)
    finding_kinds(FindingKind)
    wording.seed(ReviewTemplate, ReviewSection)
    return load_defaults()
