"""For the stories of other apps' tests: each step of an application by the person whose step
it is, and a second person's approval of what waits for one (`accounts.policy`)."""

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal, User

# Who takes each step in the demo world: the group leader reviews, the Women's Union
# appraises, the ward confirms, the director approves (the credit officer submits).
STEP_TAKERS = {
    "reviewed": "totruong",
    "appraised": "hoiphunu",
    "confirmed": "phuong.vinhtuy",
    "approved": "giamdoc",
}


def step_taker(step: str) -> User:
    return User.objects.get(username=STEP_TAKERS[step])


def approved(result, by: str | User = "giamdoc"):
    """What the service made: at once, or once a second person (``by``) approves."""
    if not isinstance(result, Proposal):
        return result
    approver = by if isinstance(by, User) else User.objects.get(username=by)
    return policy.approve(actor=approver, proposal=result)


def decided(service, *, proposer: str = "tindung", approver: str = "giamdoc", **kwargs):
    """An act one person proposes and a second approves (the credit officer and the director
    by default; a reversal: the controller and the director)."""
    actor = User.objects.get(username=proposer)
    return approved(service(actor=actor, **kwargs), approver)
