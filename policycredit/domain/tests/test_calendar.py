"""The calendar of transaction days: worked examples on 2026's real holidays, then properties."""

import datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from policycredit.domain.calendar import (
    KEEP,
    MOVE_REACH,
    NEXT_WORKING_DAY,
    PREVIOUS_WORKING_DAY,
    SHIFT_RULES,
    MoveProblem,
    check_move,
    fixed_date,
    is_working_day,
    schedule,
    shift,
    transaction_dates,
    weekday_vi,
)

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


def days(first: datetime.date, last: datetime.date) -> set[datetime.date]:
    out, day = set(), first
    while day <= last:
        out.add(day)
        day += ONE_DAY
    return out


# 2026's days off as the seeded calendar has them: New Year with the swapped Friday, Tết
# Bính Ngọ 16–20/02, Hùng Kings (Sunday 26/04) with Monday off in lieu, 30/04, 1/05, 1–2/09.
HOLIDAYS_2026 = {
    D(2026, 1, 1),
    D(2026, 1, 2),
    *days(D(2026, 2, 16), D(2026, 2, 20)),
    D(2026, 4, 26),
    D(2026, 4, 27),
    D(2026, 4, 30),
    D(2026, 5, 1),
    D(2026, 9, 1),
    D(2026, 9, 2),
}


# Worked examples ---------------------------------------------------------------------------


def test_a_point_on_the_15th_keeps_the_15th_every_month_whatever_the_weekday():
    dates = transaction_dates(2026, 15, holidays=HOLIDAYS_2026, rule=KEEP)
    assert dates == [D(2026, month, 15) for month in range(1, 13)]
    assert weekday_vi(dates[1]) == "CN"  # 15/02/2026 is a Sunday: the session still runs


def test_the_31st_means_the_last_day_of_a_shorter_month():
    assert fixed_date(2024, 2, 31) == D(2024, 2, 29)
    assert fixed_date(2026, 2, 30) == D(2026, 2, 28)
    dates = transaction_dates(2026, 31)
    assert [d.day for d in dates] == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def test_a_session_on_the_first_day_of_tet_waits_for_the_first_working_day_after_it():
    # Fixed date Monday 16/02/2026: Tết runs to Friday 20/02, then a weekend.
    assert transaction_date(16, NEXT_WORKING_DAY, month=2) == D(2026, 2, 23)


def test_a_session_on_the_first_day_of_tet_is_brought_forward_to_the_friday_before():
    assert transaction_date(16, PREVIOUS_WORKING_DAY, month=2) == D(2026, 2, 13)


def test_a_previous_working_day_shift_never_leaves_the_month_it_goes_forward_instead():
    # Sunday 01/02/2026: the working day before is in January, so the session goes to Monday.
    assert transaction_date(1, PREVIOUS_WORKING_DAY, month=2) == D(2026, 2, 2)
    # New Year's Day and the swapped Friday, then a weekend: Monday 05/01/2026.
    assert transaction_date(1, PREVIOUS_WORKING_DAY, month=1) == D(2026, 1, 5)


def test_a_next_working_day_shift_never_leaves_the_month_it_goes_back_instead():
    # Saturday 31/01/2026: the next working day is in February, so Friday 30/01.
    assert transaction_date(31, NEXT_WORKING_DAY, month=1) == D(2026, 1, 30)


def test_the_hung_kings_day_and_its_day_in_lieu_are_both_skipped():
    assert transaction_date(26, NEXT_WORKING_DAY, month=4) == D(2026, 4, 28)
    assert transaction_date(26, PREVIOUS_WORKING_DAY, month=4) == D(2026, 4, 24)
    assert transaction_date(30, NEXT_WORKING_DAY, month=4) == D(2026, 4, 29)  # back: 1/5 is off


def test_a_working_fixed_date_is_never_shifted():
    for rule in SHIFT_RULES:
        assert transaction_date(10, rule, month=3) == D(2026, 3, 10)  # Tuesday


def test_a_one_off_move_wins_over_the_rules():
    moves = {D(2026, 3, 10): D(2026, 3, 12)}  # the ward hall is used for an election
    plain = schedule(2026, 10, holidays=HOLIDAYS_2026, rule=NEXT_WORKING_DAY)
    sessions = schedule(2026, 10, holidays=HOLIDAYS_2026, rule=NEXT_WORKING_DAY, moves=moves)
    march = sessions[2]
    assert march.date == D(2026, 3, 12) and march.moved and not march.shifted
    assert [s for s in sessions if s.month != 3] == [s for s in plain if s.month != 3]


def test_a_move_may_put_a_session_on_a_weekend():
    moves = {D(2026, 3, 10): D(2026, 3, 14)}  # a Saturday, by decision
    assert transaction_dates(2026, 10, rule=NEXT_WORKING_DAY, moves=moves)[2] == D(2026, 3, 14)


def test_a_move_recorded_before_the_rule_changed_still_finds_its_session():
    # Under "keep" the office moved the Sunday 15/02 session to Tuesday 24/02; when the office
    # later shifts to the next working day (Monday 23/02) the move still holds.
    moves = {D(2026, 2, 15): D(2026, 2, 24)}
    sessions = schedule(2026, 15, holidays=HOLIDAYS_2026, rule=NEXT_WORKING_DAY, moves=moves)
    assert sessions[1].scheduled == D(2026, 2, 23) and sessions[1].date == D(2026, 2, 24)


def test_a_move_to_its_own_date_changes_nothing():
    sessions = schedule(2026, 10, moves={D(2026, 3, 10): D(2026, 3, 10)})
    assert not any(s.moved for s in sessions)


def test_the_rule_may_change_during_the_year():
    def rule_on(day):
        return KEEP if day < D(2026, 7, 1) else NEXT_WORKING_DAY

    dates = transaction_dates(2026, 15, holidays=HOLIDAYS_2026, rule=rule_on)
    assert dates[2] == D(2026, 3, 15)  # a Sunday, kept
    assert dates[10] == D(2026, 11, 16)  # Sunday 15/11 shifted to Monday


def test_an_unknown_rule_or_day_is_a_programming_error():
    with pytest.raises(ValueError):
        shift(D(2026, 3, 15), "nearest_day", set())
    with pytest.raises(ValueError):
        fixed_date(2026, 3, 0)


def test_moves_are_checked_against_the_point_s_sessions():
    sessions = schedule(2026, 31)
    jan, feb = D(2026, 1, 31), D(2026, 2, 28)
    assert check_move(sessions, D(2026, 1, 30), D(2026, 2, 2)) == MoveProblem.NOT_A_TRANSACTION_DAY
    assert check_move(sessions, jan, jan) == MoveProblem.SAME_DAY
    assert check_move(sessions, jan, D(2026, 1, 2)) is None  # anywhere in its own month
    assert check_move(sessions, jan, D(2026, 2, 3)) is None  # a few days into February
    assert check_move(sessions, jan, D(2026, 2, 10)) == MoveProblem.TOO_FAR
    assert check_move(sessions, feb, D(2026, 1, 31)) == MoveProblem.TOO_FAR
    assert check_move(sessions, feb, D(2026, 3, 2)) is None  # March's session is on the 31st


def test_a_move_may_not_reach_a_neighbouring_session():
    # January's session (31/01) was moved over the weekend into February, to Tuesday 03/02.
    sessions = schedule(2026, 31, moves={D(2026, 1, 31): D(2026, 2, 3)})
    february = D(2026, 2, 28)
    assert check_move(sessions, february, D(2026, 2, 4)) is None
    assert check_move(sessions, february, D(2026, 2, 3)) == MoveProblem.CROSSES_NEIGHBOUR
    assert check_move(sessions, february, D(2026, 2, 2)) == MoveProblem.CROSSES_NEIGHBOUR
    assert check_move(sessions, D(2026, 2, 3), D(2026, 3, 1)) == MoveProblem.TOO_FAR


def test_a_moved_session_may_be_moved_again_within_reach_of_its_own_date():
    sessions = schedule(2026, 31, moves={D(2026, 1, 31): D(2026, 2, 3)})
    assert check_move(sessions, D(2026, 2, 3), D(2026, 2, 6)) is None  # 6 days after 31/01
    assert check_move(sessions, D(2026, 2, 3), D(2026, 2, 8)) == MoveProblem.TOO_FAR
    assert check_move(sessions, D(2026, 2, 3), D(2026, 1, 31)) is None  # back to its date


def test_a_session_may_be_held_a_few_days_early_in_the_month_before():
    sessions = schedule(2026, 1)
    assert check_move(sessions, D(2026, 3, 1), D(2026, 3, 31)) is None
    assert check_move(sessions, D(2026, 3, 1), D(2026, 2, 27)) is None
    assert check_move(sessions, D(2026, 3, 1), D(2026, 4, 1)) == MoveProblem.TOO_FAR


def transaction_date(day_of_month, rule, *, month):
    return transaction_dates(2026, day_of_month, holidays=HOLIDAYS_2026, rule=rule)[month - 1]


# Properties --------------------------------------------------------------------------------


@st.composite
def years_and_holidays(draw):
    """A year and a holiday list: scattered days and runs of days, some at months' edges."""
    year = draw(st.integers(1901, 2099))
    start, end = D(year, 1, 1), D(year, 12, 31)
    holidays = set(draw(st.sets(st.dates(start, end), max_size=30)))
    for first, length in draw(
        st.lists(st.tuples(st.dates(start, end), st.integers(1, 12)), max_size=6)
    ):
        holidays |= days(first, min(first + datetime.timedelta(days=length - 1), end))
    return year, frozenset(holidays)


days_of_month = st.integers(1, 31)
rules = st.sampled_from(SHIFT_RULES)


def month_days(day: datetime.date) -> set[datetime.date]:
    first = day.replace(day=1)
    return days(first, fixed_date(day.year, day.month, 31))


@given(years_and_holidays(), days_of_month, rules)
def test_the_rules_give_exactly_one_date_in_each_month_in_order(world, day_of_month, rule):
    year, holidays = world
    dates = transaction_dates(year, day_of_month, holidays=holidays, rule=rule)
    assert [(d.year, d.month) for d in dates] == [(year, m) for m in range(1, 13)]
    assert dates == sorted(set(dates))


@given(years_and_holidays(), days_of_month)
def test_keep_is_the_day_of_month_or_the_month_s_last_day(world, day_of_month):
    year, holidays = world
    dates = transaction_dates(year, day_of_month, holidays=holidays, rule=KEEP)
    for month, day in enumerate(dates, 1):
        length = (D(year + month // 12, month % 12 + 1, 1) - ONE_DAY).day
        assert day.day == min(day_of_month, length)


@given(years_and_holidays(), days_of_month, st.sampled_from(SHIFT_RULES[1:]))
def test_a_shifted_date_is_a_working_day_unless_the_month_has_none(world, day_of_month, rule):
    year, holidays = world
    for session in schedule(year, day_of_month, holidays=holidays, rule=rule):
        if any(is_working_day(d, holidays) for d in month_days(session.fixed)):
            assert is_working_day(session.date, holidays)
        else:
            assert session.date == session.fixed


@given(years_and_holidays(), days_of_month, st.sampled_from(SHIFT_RULES[1:]))
def test_a_shift_goes_to_the_nearest_working_day_its_rule_prefers(world, day_of_month, rule):
    year, holidays = world
    for s in schedule(year, day_of_month, holidays=holidays, rule=rule):
        later = sorted(d for d in month_days(s.fixed) if d >= s.fixed)
        earlier = sorted((d for d in month_days(s.fixed) if d <= s.fixed), reverse=True)
        preferred, other = (later, earlier) if rule == NEXT_WORKING_DAY else (earlier, later)
        working = [d for d in preferred if is_working_day(d, holidays)] or [
            d for d in other if is_working_day(d, holidays)
        ]
        assert s.date == (working[0] if working else s.fixed)


@given(years_and_holidays(), days_of_month, rules, st.data())
def test_moves_win(world, day_of_month, rule, data):
    year, holidays = world
    plain = schedule(year, day_of_month, holidays=holidays, rule=rule)
    chosen = data.draw(st.sets(st.integers(0, 11), max_size=12))
    moves = {
        plain[i].scheduled: plain[i].scheduled
        + datetime.timedelta(days=data.draw(st.integers(-MOVE_REACH, MOVE_REACH)))
        for i in chosen
    }
    moved = schedule(year, day_of_month, holidays=holidays, rule=rule, moves=moves)
    for before, after in zip(plain, moved, strict=True):
        assert after.date == moves.get(before.scheduled, before.date)
        assert after.scheduled == before.scheduled


@given(years_and_holidays(), days_of_month, rules, st.integers(0, 11), st.integers(-40, 40))
def test_an_accepted_move_keeps_one_session_per_month_in_order(world, dom, rule, index, offset):
    year, holidays = world
    sessions = schedule(year, dom, holidays=holidays, rule=rule)
    original = sessions[index].date
    moved_to = original + datetime.timedelta(days=offset)
    problem = check_move(sessions, original, moved_to)
    assume(problem is None)
    dates = transaction_dates(year, dom, holidays=holidays, rule=rule, moves={original: moved_to})
    assert dates == sorted(set(dates)) and dates[index] == moved_to
    assert all(
        d == s.date for i, (d, s) in enumerate(zip(dates, sessions, strict=True)) if i != index
    )
    if (moved_to.year, moved_to.month) != (year, index + 1):
        assert abs(offset) <= MOVE_REACH


@given(years_and_holidays(), days_of_month, rules, st.integers(0, 11), st.integers(-40, 40))
def test_a_refused_move_has_a_reason(world, dom, rule, index, offset):
    year, holidays = world
    sessions = schedule(year, dom, holidays=holidays, rule=rule)
    original = sessions[index].date
    moved_to = original + datetime.timedelta(days=offset)
    dates = transaction_dates(year, dom, holidays=holidays, rule=rule, moves={original: moved_to})
    if check_move(sessions, original, moved_to) is not None:
        same_month = (moved_to.year, moved_to.month) == (year, index + 1)
        in_order = dates == sorted(set(dates))
        assert offset == 0 or not in_order or (not same_month and abs(offset) > MOVE_REACH)
