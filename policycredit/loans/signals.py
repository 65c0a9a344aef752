"""What the loans tell the apps above them, which they may not import."""

from django.dispatch import Signal

# Loans whose balances were derived again and posted: ``loans`` (their rows as now) and
# ``before`` (loan id -> `domain.posting.Position` as last posted). Sent inside the posting's
# transaction; the close of day keeps its balances at a rate from it.
loans_moved = Signal()

# Loans opened where other books left them (`services.opening`): ``deltas`` is the principal
# they add to each balance at a rate, keyed as `closing.buckets.KEY`.
balances_opened = Signal()
