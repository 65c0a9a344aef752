"""The calendar's reads and writes as the transaction-day app will use them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from policycredit.audit.models import Action, AuditEvent
from policycredit.calendar import selectors, services
from policycredit.calendar.holidays import HOLIDAYS
from policycredit.calendar.models import Holiday, TransactionDayMove
from policycredit.common.models import Rule
from policycredit.geo.models import TransactionPoint

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)


def test_the_seeded_holidays_cover_2024_to_2027_and_name_their_source():
    seeded = Holiday.objects.filter(date__year__gte=2024, date__year__lte=2027)
    assert seeded.count() == len(HOLIDAYS)
    assert {h.date.year for h in seeded} == {2024, 2025, 2026, 2027}
    for year in range(2024, 2028):
        assert seeded.filter(date=D(year, 1, 1), name="Tết Dương lịch").exists()
        assert seeded.filter(date=D(year, 9, 2)).exists()
        assert seeded.filter(date__year=year, name__startswith="Tết Nguyên đán").count() == 5
    assert all("Bộ luật Lao động 2019" in h.legal_basis for h in seeded if "Nghỉ" not in h.name)
    # In 2027 only the statute's fixed dates are certain; the rest waits for the year's notice.
    fixed_by_law = {D(2027, 4, 30), D(2027, 5, 1), D(2027, 9, 2)}
    unverified = seeded.filter(date__year=2027).exclude(date__in=fixed_by_law)
    assert all("chưa đối chiếu" in h.legal_basis for h in unverified)
    assert seeded.get(date=D(2026, 4, 26)).name.startswith("Giỗ Tổ Hùng Vương")
    assert services.load_holidays() == 0  # already there: nothing doubled


def test_a_flushed_database_gets_its_holidays_back():
    Holiday.objects.all().delete()
    assert services.load_holidays() == len(HOLIDAYS)


def test_saving_a_holiday_is_audited(user):
    day = D(2026, 11, 24)
    holiday = services.save_holiday(
        actor=user("admin"),
        instance=Holiday(
            date=day, name="Ngày Văn hóa Việt Nam", legal_basis="Nghị quyết 80-NQ/TW (thử)"
        ),
    )
    assert AuditEvent.objects.filter(action=Action.CREATED, object_id=holiday.pk).exists()


def test_the_selectors_answer_for_one_point(point):
    dates = selectors.transaction_dates(point, 2026)
    assert len(dates) == 12 and dates == sorted(dates)
    assert selectors.transaction_date_of(point, 2026, 4) == dates[3]
    assert selectors.is_transaction_day(point, dates[3])
    assert not selectors.is_transaction_day(point, dates[3] + DAY)
    assert selectors.next_transaction_day(point, dates[3]) == dates[3]
    assert selectors.next_transaction_day(point, dates[3] + DAY) == dates[4]
    after_december = dates[11] + DAY
    assert selectors.next_transaction_day(point, after_december) == D(2027, 1, point.day_of_month)


def test_a_session_moved_over_new_year_is_found_in_january(point, user):
    december = selectors.transaction_date_of(point, 2026, 12)
    # Moving it past New Year needs it at the month's end: put the point on the 31st.
    point.day_of_month = 31
    point.save(update_fields=["day_of_month"])
    december = selectors.transaction_date_of(point, 2026, 12)
    assert december == D(2026, 12, 31)
    services.move_day(
        actor=user("tindung"),
        point=point,
        original=december,
        moved_to=D(2027, 1, 4),
        reason="Nghỉ Tết Dương lịch",
    )
    assert selectors.transaction_dates(point, 2026)[11] == D(2027, 1, 4)
    assert selectors.is_transaction_day(point, D(2027, 1, 4))
    assert selectors.next_transaction_day(point, D(2026, 12, 20)) == D(2027, 1, 4)
    assert selectors.transaction_date_of(point, 2027, 1) == D(2027, 1, 31)


def test_moving_a_session_again_edits_its_one_move(point, user):
    original = selectors.transaction_date_of(point, 2026, 6)
    first = services.move_day(
        actor=user("tindung"),
        point=point,
        original=original,
        moved_to=original + DAY,
        reason="Mất điện",
    )
    again = services.move_day(
        actor=user("giamdoc"),
        point=point,
        original=original + DAY,
        moved_to=original + 2 * DAY,
        reason="Mất điện kéo dài",
    )
    assert again.pk == first.pk and TransactionDayMove.objects.filter(point=point).count() == 1
    assert again.original == original and again.actor.username == "giamdoc"
    assert selectors.transaction_date_of(point, 2026, 6) == original + 2 * DAY
    assert AuditEvent.objects.filter(action=Action.UPDATED, object_id=first.pk).exists()


@pytest.mark.parametrize(
    ("to_original", "moved_by", "reason", "code"),
    [
        (1, 1, "Mưa bão", "not_a_transaction_day"),
        (0, 0, "Mưa bão", "same_day"),
        (0, 40, "Mưa bão", "too_far"),
        (0, 1, " ", "no_reason"),
    ],
)
def test_bad_moves_are_refused_with_nothing_written(
    point, user, to_original, moved_by, reason, code
):
    original = selectors.transaction_date_of(point, 2026, 3) + to_original * DAY
    with pytest.raises(ValidationError) as refused:
        services.move_day(
            actor=user("tindung"),
            point=point,
            original=original,
            moved_to=original + moved_by * DAY,
            reason=reason,
        )
    assert refused.value.error_list[0].code == code
    assert not TransactionDayMove.objects.exists()


def test_a_move_may_not_reach_the_next_session(point, user):
    point.day_of_month = 28
    point.save(update_fields=["day_of_month"])
    services.move_day(
        actor=user("tindung"),
        point=point,
        original=D(2026, 4, 28),
        moved_to=D(2026, 5, 4),
        reason="Nghỉ lễ 30/4 – 1/5",
    )
    with pytest.raises(ValidationError) as refused:
        services.move_day(
            actor=user("tindung"),
            point=point,
            original=D(2026, 3, 28),
            moved_to=D(2026, 4, 6),
            reason="Thử",
        )
    assert refused.value.error_list[0].code == "too_far"
    with pytest.raises(ValidationError) as refused:
        services.move_day(
            actor=user("tindung"),
            point=point,
            original=D(2026, 5, 28),
            moved_to=D(2026, 5, 4),
            reason="Thử",
        )
    assert refused.value.error_list[0].code == "crosses_neighbour"


def test_the_schedule_for_a_user_reads_only_their_points_in_a_few_queries(
    user, django_assert_max_num_queries
):
    director = user("giamdoc")
    with django_assert_max_num_queries(4):
        schedule = selectors.schedule_for(director, 2026)
    office_points = TransactionPoint.objects.filter(office=director.office, active=True)
    assert {p.pk for p, _dates in schedule} == set(office_points.values_list("pk", flat=True))
    assert all(len(dates) == 12 for _p, dates in schedule)
    leader = user("totruong")
    own = selectors.schedule_for(leader, 2026)
    assert 0 < len(own) < len(schedule)


def test_the_shifting_rule_is_data_with_a_start_date(point):
    Rule.objects.create(
        key="calendar.shift", value="previous_working_day", valid_from=D(2026, 1, 1)
    )
    assert selectors.shift_rules_in(2026) == [(D(2026, 1, 1), "previous_working_day")]
    assert selectors.shift_rules_in(2025) == [(D(2025, 1, 1), "keep")]
    assert all(d.weekday() < 5 for d in selectors.transaction_dates(point, 2026))
