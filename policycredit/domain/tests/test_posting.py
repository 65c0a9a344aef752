"""The posting rules without a database: worked entries and the invariants they keep."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain import posting as p

SOURCE, PROGRAMME = 3, 7


def _by_kind(lines):
    out = {}
    for line in lines:
        out[line.kind] = out.get(line.kind, 0) + line.amount
    return out


def test_a_disbursement_moves_cash_into_loans_in_term():
    assert _by_kind(p.disbursement(50_000_000, SOURCE, PROGRAMME)) == {
        p.LOANS_IN_TERM: 50_000_000,
        p.CASH_OFFICE: -50_000_000,
    }


def test_a_repayment_takes_overdue_principal_first_and_interest_to_income():
    position = p.Position(in_term=25_000_000, overdue=10_000_000)
    lines = p.repayment(12_000_000, 341_000, SOURCE, PROGRAMME, position)
    assert _by_kind(lines) == {
        p.CASH_OFFICE: 12_341_000,
        p.LOANS_OVERDUE: -10_000_000,
        p.LOANS_IN_TERM: -2_000_000,
        p.INTEREST_INCOME: -341_000,
    }


def test_collections_at_a_transaction_point_go_to_cash_in_transit():
    lines = p.repayment(0, 330_000, SOURCE, PROGRAMME, p.ZERO, cash=p.CASH_IN_TRANSIT)
    assert _by_kind(lines) == {p.CASH_IN_TRANSIT: 330_000, p.INTEREST_INCOME: -330_000}


def test_a_write_off_takes_frozen_principal_first():
    position = p.Position(in_term=5, overdue=10, frozen=20)
    assert _by_kind(p.write_off(28, SOURCE, PROGRAMME, position)) == {
        p.WRITE_OFF_LOSS: 28,
        p.LOANS_FROZEN: -20,
        p.LOANS_OVERDUE: -8,
    }


def test_a_reclassification_moves_between_classes_and_income_only():
    before = p.Position(in_term=50, overdue=0, frozen=0, overdue_interest=0)
    after = p.Position(in_term=25, overdue=25, frozen=0, overdue_interest=7)
    assert _by_kind(p.reclassify(before, after, SOURCE, PROGRAMME)) == {
        p.LOANS_IN_TERM: -25,
        p.LOANS_OVERDUE: 25,
        p.INTEREST_INCOME: 7,
        p.OVERDUE_INTEREST_INCOME: -7,
    }
    with pytest.raises(p.UnbalancedEntry):
        p.reclassify(before, p.Position(in_term=49), SOURCE, PROGRAMME)


def test_an_entrustment_decision_is_cash_owed_to_its_source():
    assert p.entrustment(80_627_000_000, SOURCE) == (
        p.Line(p.CASH_OFFICE, 80_627_000_000),
        p.Line(p.CAPITAL_PAYABLE, -80_627_000_000, SOURCE),
    )


def test_fees_commissions_and_their_payouts():
    assert _by_kind(p.fee_due(256_000)) == {p.FEES_EXPENSE: 256_000, p.FEES_PAYABLE: -256_000}
    assert _by_kind(p.commission_due(1_000)) == {
        p.COMMISSIONS_EXPENSE: 1_000,
        p.COMMISSIONS_PAYABLE: -1_000,
    }
    assert _by_kind(p.payout(p.FEES_PAYABLE, 256_000)) == {
        p.FEES_PAYABLE: 256_000,
        p.CASH_OFFICE: -256_000,
    }
    assert _by_kind(p.savings_deposit(-80_000)) == {
        p.CASH_OFFICE: -80_000,
        p.MEMBER_SAVINGS: 80_000,
    }


def test_unbalanced_lines_and_floats_are_refused():
    with pytest.raises(p.UnbalancedEntry):
        p.net([p.Line(p.CASH_OFFICE, 5)])
    with pytest.raises(TypeError):
        p.net([p.Line(p.CASH_OFFICE, 0.5), p.Line(p.MEMBER_SAVINGS, -0.5)])


money = st.integers(min_value=0, max_value=10**11)
event = st.one_of(
    st.tuples(st.just("disburse"), money),
    st.tuples(st.just("repay"), money, money),
    st.tuples(st.just("write_off"), money),
    st.tuples(st.just("move"), st.integers(0, 2), st.integers(0, 2), money),
)


@given(st.lists(event, max_size=30))
def test_any_sequence_of_loan_postings_keeps_the_books_balanced(events):
    """Every entry balances; the loan accounts follow the position; the three classes add up
    to disbursed − repaid − written off; reversing everything brings every account to zero."""
    position, journal, owed = p.ZERO, [], 0
    for e in events:
        if e[0] == "disburse":
            lines = p.disbursement(e[1], SOURCE, PROGRAMME)
            owed += e[1]
        elif e[0] == "repay":
            principal = min(e[1], position.outstanding)
            lines = p.repayment(principal, e[2], SOURCE, PROGRAMME, position)
            owed -= principal
        elif e[0] == "write_off":
            amount = min(e[1], position.outstanding)
            lines = p.write_off(amount, SOURCE, PROGRAMME, position)
            owed -= amount
        else:
            classes = [position.in_term, position.overdue, position.frozen]
            amount = min(e[3], max(classes[e[1]], 0))
            classes[e[1]] -= amount
            classes[e[2]] += amount
            after = p.Position(*classes, position.overdue_interest)
            lines = p.reclassify(position, after, SOURCE, PROGRAMME)
        assert sum(x.amount for x in lines) == 0
        journal.append(lines)
        position = p.apply(position, lines)
        assert position.outstanding == owed
    totals = _by_kind(x for entry in journal for x in entry)
    assert totals.get(p.LOANS_IN_TERM, 0) == position.in_term
    assert totals.get(p.LOANS_OVERDUE, 0) == position.overdue
    assert totals.get(p.LOANS_FROZEN, 0) == position.frozen
    undone = _by_kind(x for entry in journal for x in (*entry, *p.negate(entry)))
    assert all(v == 0 for v in undone.values())


def test_a_recall_is_the_reverse_of_an_entrustment():
    assert _by_kind(p.capital_recalled(500_000_000, SOURCE)) == {
        p.CASH_OFFICE: -500_000_000,
        p.CAPITAL_PAYABLE: 500_000_000,
    }


def test_a_hand_over_moves_capital_payable_between_sources_and_no_cash():
    lines = p.capital_handed_over([(8, 60_000_000_000), (9, 27_127_000_000)], SOURCE)
    by_source = {line.source: line.amount for line in lines}
    assert by_source == {8: -60_000_000_000, 9: -27_127_000_000, SOURCE: 87_127_000_000}
    assert {line.kind for line in lines} == {p.CAPITAL_PAYABLE}


@given(st.lists(st.integers(min_value=1, max_value=10**13), min_size=1, max_size=5))
def test_a_hand_over_balances_whatever_the_parts(amounts):
    lines = p.capital_handed_over(list(enumerate(amounts, 100)), SOURCE)
    assert sum(line.amount for line in lines) == 0
