"""The quality grading report and the group classes, by the scales in force on their date.

Three clean-water loans, disbursed on 05 and 06/03/2026, hand-checked as of 30/09/2026:
- group 00241-01 (Women's Union unit 2, point 1): 20 million, 200 000 fell due on 05/06
  unpaid: 1 % overdue, under 2 % → fair (khá);
- group 00241-02 (same unit, same point): 20 million, nothing due yet → good (tốt);
- group 00244-01 (unit 3, point 2): 10 million, 600 000 due on 06/06 unpaid: 6 % → weak.
Point 1: 40 million, 200 000 overdue (0.5 %); point 2: 10 million, 600 000 (6 %).
Unit 2: 0.5 % → good (the fee's first band); unit 3: 6 % → weak (no fee).
"""

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from policycredit.accounts.models import User
from policycredit.calendar.selectors import transaction_dates
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.domain.loan import Instalment
from policycredit.inspections.models import GroupInspection, QualityRule
from policycredit.inspections.quality_defaults import load_defaults
from policycredit.loans import services
from policycredit.loans.models import Snapshot
from policycredit.network.models import Membership, SavingsGroup
from policycredit.network.selectors import groups_for
from policycredit.programmes.models import Programme
from policycredit.reporting import grading, rollup
from policycredit.reporting.models import GroupClassMonth
from policycredit.reporting.portfolio import LiveBook
from policycredit.reporting.selection import selection_for
from policycredit.reporting.selectors import REPORTS, report_for
from policycredit.transactiondays.models import TransactionDay

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2026, 9, 30)
M = 1_000_000


@pytest.fixture(autouse=True)
def scales(db):
    load_defaults()  # a flushed database lost the migration's rows


def _loan(group_code, on, instalments):
    group = SavingsGroup.objects.get(code=group_code)
    member = (
        Membership.objects.filter(group=group, left__isnull=True, household__head__isnull=False)
        .select_related("household__head")
        .order_by("pk")
        .first()
    )
    request = services.LoanRequest(
        household=member.household,
        borrower=member.household.head,
        programme=Programme.objects.get(code="NSVS"),
        group=group,
        amount=sum(amount for _day, amount in instalments),
        term_months=12,
        purpose="Xây bể nước sạch",
        applied_on=on - datetime.timedelta(days=10),
        approved_on=on - datetime.timedelta(days=5),
        disbursed_on=on,
        source=CapitalSource.objects.get(code="TW"),
        instalments=tuple(Instalment(day, amount) for day, amount in instalments),
    )
    with replaying(on):
        services.originate_many(
            actor=User.objects.get(username="tindung"),
            approver=User.objects.get(username="giamdoc"),
            disburser=User.objects.get(username="giaodich"),
            requests=[request],
        )


@pytest.fixture
def three_groups(db):
    _loan("00241-01", D(2026, 3, 5), [(D(2026, 6, 5), 200_000), (D(2027, 3, 5), 19_800_000)])
    _loan("00241-02", D(2026, 3, 5), [(D(2027, 3, 5), 20 * M)])
    _loan("00244-01", D(2026, 3, 6), [(D(2026, 6, 6), 600_000), (D(2027, 3, 6), 9_400_000)])


def report(user, day=AS_OF):
    with replaying(day):
        return report_for(user("giamdoc"), "quality", day)


def column(table, index):
    return {row[0]: row[index] for row in table.rows}


def test_the_report_is_in_the_list_with_its_date_excel_and_pdf():
    assert REPORTS["quality"][1] is grading.quality


def test_groups_points_and_units_graded_with_hand_checked_figures(three_groups, user):
    result = report(user)
    groups = result.table("groups")
    assert column(groups, 4) == {"00241-01": 20 * M, "00241-02": 20 * M, "00244-01": 10 * M}
    assert column(groups, 5) == {"00241-01": 200_000, "00241-02": 0, "00244-01": 600_000}
    assert column(groups, 6)["00241-01"] == Decimal("1.00")
    assert column(groups, 8) == {"00241-01": "khá", "00241-02": "tốt", "00244-01": "yếu"}
    assert groups.total[4:7] == [50 * M, 800_000, Decimal("1.60")]

    points = result.table("points")
    assert sorted((r[3], r[4], r[8]) for r in points.rows) == [
        (10 * M, 600_000, "yếu"),
        (40 * M, 200_000, "tốt"),  # 0.5 %; no session kept here, so none held against it
    ]
    assert {r[7] for r in points.rows} == {"–"}

    units = result.table("units")
    assert sorted((r[2], r[3], r[5]) for r in units.rows) == [
        (10 * M, 600_000, "yếu"),
        (40 * M, 200_000, "tốt"),
    ]

    counts = {r[0]: r[1:] for r in result.table("counts").rows}
    assert counts["tốt"] == [1, 1, 1]
    assert counts["khá"] == [1, 0, 0]
    assert counts["trung bình"] == [0, 0, 0]
    assert counts["yếu"] == [1, 1, 1]
    assert result.table("counts").total[1:] == [3, 2, 2]
    # The scales in force are printed beneath: four bands for each of the three subjects.
    rules = result.table("rules")
    assert len(rules.rows) == 12 and {r[1] for r in rules.rows} == {"01/01/2014"}


def test_a_point_is_held_back_by_a_session_not_held_on_its_day(three_groups, user):
    point = SavingsGroup.objects.get(code="00241-01").transaction_point
    dates = transaction_dates(point, 2026)
    # Kept from April; June's session was not held on its day (held two days late).
    for month in (4, 5, 7, 8, 9):
        TransactionDay.objects.create(
            point=point, office=point.office, date=dates[month - 1], opened_by=user("giaodich")
        )
    TransactionDay.objects.create(
        point=point,
        office=point.office,
        date=dates[5] + datetime.timedelta(days=2),
        opened_by=user("giaodich"),
    )
    row = next(r for r in report(user).table("points").rows if r[0] == point.code)
    # Six sessions due from April to September, one not on its day: good needs none → fair.
    assert row[6:] == [6, 1, "khá"]


def test_a_newer_group_scale_changes_the_grade_from_its_date_only(three_groups, user):
    QualityRule.objects.bulk_create(
        QualityRule(subject="group", valid_from=D(2026, 9, 15), grade=g, overdue_below=b, note="t")
        for g, b in [
            ("good", Decimal("0")),
            ("fair", Decimal("0.5")),
            ("average", Decimal("2")),
            ("weak", None),
        ]
    )
    before = column(report(user, D(2026, 9, 14)).table("groups"), 8)
    after = column(report(user, D(2026, 9, 15)).table("groups"), 8)
    assert before == {"00241-01": "khá", "00241-02": "tốt", "00244-01": "yếu"}
    # 1 % is not under 0.5 % but under 2 %: average from 15/09.
    assert after == {"00241-01": "trung bình", "00241-02": "tốt", "00244-01": "yếu"}
    # The review's group classes read the same scale on their date.
    giamdoc = user("giamdoc")
    for day, expected in (
        (D(2026, 9, 14), {"good": 1, "fair": 1, "weak": 1}),
        (D(2026, 9, 15), {"good": 1, "average": 1, "weak": 1}),
    ):
        book = LiveBook(selection_for(giamdoc, None, day), [day])
        assert book.group_classes(day) == expected


def _snapshot(month_end, group_code, outstanding, overdue):
    group = SavingsGroup.objects.select_related("transaction_point").get(code=group_code)
    Snapshot.objects.create(
        month_end=month_end,
        office_id=group.office_id,
        ward_id=group.transaction_point.ward_id,
        programme=Programme.objects.get(code="NSVS"),
        source=CapitalSource.objects.get(code="TW"),
        organisation_id=group.organisation_id,
        group=group,
        loans=1,
        borrowers=1,
        outstanding=outstanding,
        overdue=overdue,
    )


def test_the_month_end_rollup_classes_groups_by_the_scale_of_its_month(db):
    # Group 00241-01 in two snapshot rows: 60 + 40 million, 1 million overdue: 1 % → fair.
    for month_end in (D(2026, 8, 31), D(2026, 9, 30)):
        _snapshot(month_end, "00241-01", 60 * M, 1 * M)
        _snapshot(month_end, "00241-01", 40 * M, 0)
        _snapshot(month_end, "00241-02", 100 * M, 0)
        _snapshot(month_end, "00244-01", 50 * M, 3 * M)
    # From September: good also needs a 16/TD grade of good when the group was inspected.
    QualityRule.objects.bulk_create(
        QualityRule(
            subject="group",
            valid_from=D(2026, 9, 1),
            grade=g,
            overdue_below=b,
            inspection_at_least=i,
        )
        for g, b, i in [
            ("good", Decimal("0"), "good"),
            ("average", Decimal("2.5"), ""),
            ("weak", None, ""),
        ]
    )
    GroupInspection.objects.create(
        group=SavingsGroup.objects.get(code="00241-02"),
        office=SavingsGroup.objects.get(code="00241-02").office,
        year=2026,
        inspected_on=D(2026, 9, 10),
        sheet_from=D(2015, 1, 1),
        score=80,
        max_score=100,
        grade="fair",
        inspected_by=User.objects.get(username="hoiphunu"),
    )
    for month_end in (D(2026, 8, 31), D(2026, 9, 30)):
        rollup.refresh(month_end)

    def classes(month_end):
        rows = GroupClassMonth.objects.filter(month_end=month_end)
        return {r.quality: r.groups for r in rows}

    assert classes(D(2026, 8, 31)) == {"good": 1, "fair": 1, "weak": 1}
    # September: no "fair" band, 1 % is under 2.5 %: average; 00241-02, nothing overdue but
    # graded fair at its inspection on 10/09, is held back to average too; 6 % is weak.
    assert classes(D(2026, 9, 30)) == {"average": 2, "weak": 1}


def test_each_user_sees_the_grades_of_their_own_area(three_groups, user):
    for username in ("phuong.vinhtuy", "hoiphunu"):
        seen = set(groups_for(user(username)).values_list("code", flat=True))
        with replaying(AS_OF):
            result = report_for(user(username), "quality", AS_OF)
        shown = {r[0] for r in result.table("groups").rows}
        assert shown == {"00241-01", "00241-02", "00244-01"} & seen


def test_the_report_on_screen_in_excel_and_pdf(three_groups, client_as, tmp_path):
    client = client_as("giamdoc")
    address = "/reports/quality/?as_of=30/09/2026"
    screen = client.get(address)
    assert screen.status_code == 200
    assert "00241-01" in screen.content.decode()
    book = load_workbook(io.BytesIO(client.get(address + "&format=xlsx").content))
    assert len(book.worksheets) >= 5
    reply = client.get(address + "&format=pdf")
    assert reply["Content-Type"] == "application/pdf"
    path = tmp_path / "quality.pdf"
    path.write_bytes(reply.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "00244-01" in text and "trung bình" in text
