"""The schedule page: every point with its twelve dates, on screen and in Excel; moving a day."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from policycredit.audit.models import AuditEvent
from policycredit.calendar import selectors
from policycredit.calendar.models import TransactionDayMove
from policycredit.calendar.tests.conftest import weekend_month
from policycredit.common.models import Rule
from policycredit.geo.selectors import transaction_points_for

pytestmark = pytest.mark.django_db
D = datetime.date
URL = reverse("calendar:schedule")


def page_of(client, year=2026):
    response = client.get(URL, {"year": year})
    assert response.status_code == 200
    return response.content.decode()


def rows_of(html):
    """{point code: [the 12 data-date values]} from the schedule table."""
    rows = {}
    for code, body in re.findall(r'data-testid="point" data-code="([^"]+)">(.*?)</tr>', html, re.S):
        rows[code] = [D.fromisoformat(d) for d in re.findall(r'data-date="([0-9-]+)"', body)]
    return rows


def test_the_schedule_lists_every_point_of_the_office_with_its_twelve_dates(client_as, user):
    html = page_of(client_as("giamdoc"))
    points = list(transaction_points_for(user("giamdoc")).filter(active=True))
    rows = rows_of(html)
    assert len(points) > 1 and set(rows) == {p.code for p in points}
    for point in points:
        assert rows[point.code] == selectors.transaction_dates(point, 2026)
        assert escape(point.name) in html
    # Under the default rule a session keeps its fixed date: "15/02" shows with its weekday.
    point = points[0]
    first = selectors.transaction_date_of(point, 2026, 1)
    assert first == D(2026, 1, point.day_of_month)
    weekday = "T2 T3 T4 T5 T6 T7 CN".split()[first.weekday()]
    assert f'{first:%d/%m}<span class="wd">{weekday}</span>' in html


def test_the_schedule_prints_on_a_landscape_a4(client_as):
    html = page_of(client_as("tindung"))
    assert "size: A4 landscape" in html and "pc-noprint" in html


def test_the_excel_has_real_dates_for_every_point(client_as, user):
    response = client_as("giamdoc").get(URL, {"year": 2026, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('lich-giao-dich-2026.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(values) if row[4] == "01/2026")
    body = [row for row in values[header + 1 :] if row[0]]
    points = {p.code: p for p in transaction_points_for(user("giamdoc")).filter(active=True)}
    assert {row[0] for row in body} == set(points)
    for row in body:
        assert all(isinstance(cell, datetime.datetime) for cell in row[4:16])
        expected = selectors.transaction_dates(points[row[0]], 2026)
        assert [cell.date() for cell in row[4:16]] == expected
    assert sheet.cell(row=header + 2, column=5).number_format == "dd/mm/yyyy"


def test_a_credit_officer_moves_a_day_and_it_shows_everywhere(client_as, point):
    client = client_as("tindung")
    assert 'data-testid="move"' in page_of(client)
    original = selectors.transaction_date_of(point, 2026, 3)
    moved_to = original + datetime.timedelta(days=2)
    response = client.post(
        URL,
        {
            "point": point.pk,
            "original": f"{original:%d/%m/%Y}",
            "moved_to": f"{moved_to:%d/%m/%Y}",
            "reason": "Hội trường UBND phường dùng cho bầu cử",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?year=2026")
    assert selectors.transaction_dates(point, 2026)[2] == moved_to
    assert selectors.is_transaction_day(point, moved_to)
    assert not selectors.is_transaction_day(point, original)
    html = page_of(client)
    assert rows_of(html)[point.code][2] == moved_to
    assert f'data-date="{moved_to:%Y-%m-%d}"' in html and "bầu cử" in html
    move = TransactionDayMove.objects.get(point=point)
    assert move.actor.username == "tindung" and move.original == original
    assert AuditEvent.objects.filter(model__endswith="transactiondaymove", object_id=move.pk)
    book = client.get(URL, {"year": 2026, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(book.content)).active
    row = next(r for r in sheet.iter_rows() if r[0].value == point.code)
    assert row[6].value.date() == moved_to and row[6].font.b  # March, bold: moved


def test_a_move_onto_a_day_that_is_no_session_is_refused_and_nothing_is_written(client_as, point):
    client = client_as("giamdoc")
    events = AuditEvent.objects.count()
    original = selectors.transaction_date_of(point, 2026, 3) + datetime.timedelta(days=1)
    response = client.post(
        URL,
        {
            "point": point.pk,
            "original": f"{original:%d/%m/%Y}",
            "moved_to": f"{original + datetime.timedelta(days=1):%d/%m/%Y}",
            "reason": "Nhầm ngày",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="errors"' in html
    assert not TransactionDayMove.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_move_without_a_reason_is_refused(client_as, point):
    original = selectors.transaction_date_of(point, 2026, 3)
    response = client_as("giamdoc").post(
        URL,
        {
            "point": point.pk,
            "original": f"{original:%d/%m/%Y}",
            "moved_to": f"{original + datetime.timedelta(days=1):%d/%m/%Y}",
            "reason": "  ",
        },
    )
    assert response.status_code == 200
    assert not TransactionDayMove.objects.exists()


def test_a_teller_sees_the_schedule_but_may_not_move_a_day(client_as, point):
    client = client_as("giaodich")
    assert 'data-testid="move"' not in page_of(client)
    original = selectors.transaction_date_of(point, 2026, 3)
    response = client.post(
        URL,
        {
            "point": point.pk,
            "original": f"{original:%d/%m/%Y}",
            "moved_to": f"{original + datetime.timedelta(days=1):%d/%m/%Y}",
            "reason": "Mưa bão",
        },
    )
    assert response.status_code == 403
    assert not TransactionDayMove.objects.exists()


def test_the_shifting_rule_read_from_the_rule_table_changes_the_dates(client_as, point):
    month = weekend_month(point, 2026)
    fixed = D(2026, month, point.day_of_month)
    assert selectors.transaction_date_of(point, 2026, month) == fixed  # the default: keep
    Rule.objects.create(
        key="calendar.shift",
        value="next_working_day",
        valid_from=D(2026, 1, 1),
        legal_basis="Quyết định của Giám đốc phòng giao dịch (thử nghiệm)",
    )
    shifted = selectors.transaction_date_of(point, 2026, month)
    assert shifted != fixed and shifted.weekday() < 5 and shifted.month == month
    html = page_of(client_as("giamdoc"))
    assert rows_of(html)[point.code][month - 1] == shifted
    assert 'class="day shifted' in html


def test_a_rule_change_during_the_year_leaves_the_months_before_it(point):
    Rule.objects.create(
        key="calendar.shift", value="previous_working_day", valid_from=D(2026, 7, 1)
    )
    dates = selectors.transaction_dates(point, 2026)
    for month, day in enumerate(dates, 1):
        if month < 7:
            assert day == D(2026, month, point.day_of_month)
        else:
            assert day.weekday() < 5 and day not in {D(2026, 9, 1), D(2026, 9, 2)}


def test_the_year_defaults_to_the_business_year_and_a_bad_year_is_refused(client_as):
    client = client_as("giamdoc")
    assert client.get(URL).status_code == 200
    refused = client.get(URL, {"year": "abc"})  # never this year's calendar instead (issue 19)
    assert refused.status_code == 400 and "year" in refused.content.decode()


def test_admin_lists_holidays_and_moves(client_as, point, user):
    from policycredit.calendar.services import move_day

    original = selectors.transaction_date_of(point, 2026, 5)
    move_day(
        actor=user("giamdoc"),
        point=point,
        original=original,
        moved_to=original + datetime.timedelta(days=1),
        reason="Sửa chữa trụ sở",
    )
    client = client_as("giamdoc")
    holidays = client.get(reverse("admin:calendar_holiday_changelist"))
    assert holidays.status_code == 200 and "Bính Ngọ" in holidays.content.decode()
    moves = client.get(reverse("admin:calendar_transactiondaymove_changelist"))
    assert moves.status_code == 200 and "Sửa chữa trụ sở" in moves.content.decode()


def test_an_administrator_moves_a_day_in_the_admin_through_the_same_rules(client_as, point):
    client = client_as("admin")
    url = reverse("admin:calendar_transactiondaymove_add")
    original = selectors.transaction_date_of(point, 2026, 8)
    form = {
        "point": point.pk,
        "original": f"{original:%d/%m/%Y}",
        "moved_to": f"{original + datetime.timedelta(days=40):%d/%m/%Y}",
        "reason": "Thử",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and not TransactionDayMove.objects.exists()
    form["moved_to"] = f"{original + datetime.timedelta(days=1):%d/%m/%Y}"
    assert client.post(url, form).status_code == 302
    move = TransactionDayMove.objects.get()
    assert move.actor.username == "admin"
    assert selectors.transaction_date_of(point, 2026, 8) == original + datetime.timedelta(days=1)
    change = reverse("admin:calendar_transactiondaymove_change", args=[move.pk])
    again = {"moved_to": f"{original + datetime.timedelta(days=2):%d/%m/%Y}", "reason": "Lần 2"}
    assert client.post(change, again).status_code == 302
    assert selectors.transaction_date_of(point, 2026, 8) == original + datetime.timedelta(days=2)
    assert TransactionDayMove.objects.count() == 1
