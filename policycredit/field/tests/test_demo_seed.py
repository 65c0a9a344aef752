"""The demo's synced statement lines and its open conflict (demo/leader_statements.py),
on the tests' small world with the leader's papers' loan."""

from types import SimpleNamespace

import pytest

from policycredit.common.selectors import replaying
from policycredit.demo import leader_statements
from policycredit.field.tests.conftest import TODAY
from policycredit.transactiondays.models import LeaderStatementLine, StatementStatus

pytestmark = pytest.mark.django_db


def test_the_demo_syncs_the_leader_s_lines(story):
    with replaying(TODAY):
        leader_statements.seed(SimpleNamespace(with_loans=True))
    line = LeaderStatementLine.objects.get(group=story["group"])
    assert line.status == StatementStatus.ACCEPTED and line.day == story["day"]
    assert line.membership == story["membership"] and line.interest > 0


def test_the_demo_leaves_one_conflict_to_resolve(story, monkeypatch):
    monkeypatch.setattr(leader_statements, "LEADER_LINES", 0)
    with replaying(TODAY):
        leader_statements.seed(SimpleNamespace(with_loans=True))
    line = LeaderStatementLine.objects.get(group=story["group"])
    assert line.status == StatementStatus.CONFLICT and line.conflict_reason == "figures_changed"
    assert line.now["savings_balance"] == line.then["savings_balance"] + 100_000


def test_the_small_world_gets_none():
    leader_statements.seed(SimpleNamespace(with_loans=False))
    assert not LeaderStatementLine.objects.exists()
