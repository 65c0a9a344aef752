"""The entrusting government's year, told end to end (issue 20's first acceptance point).

A ward's budget plans 2024's entrustment, the People's Committee decides it and the money
arrives in two parts (each a four-eyes entrustment decision); the office's credit plan is
allocated to two wards; the district's Board of Representatives meets, assigns a task that is
followed to done; a board member inspects a transaction point, records a finding, and it is
followed up to resolved. The year's review document then shows each of these with its figures,
in the Word file the district edits and in the PDF it files."""

import datetime
import io
import subprocess

import pytest
from django.utils import translation
from docx import Document as Word

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal, User
from policycredit.boards import services as boards
from policycredit.boards.services import TaskDraft
from policycredit.budgets import services as budgets
from policycredit.budgets.models import BudgetPlan
from policycredit.capital.models import CapitalSource
from policycredit.capital.services import save_source
from policycredit.common.selectors import replaying
from policycredit.creditplans import selectors as plans
from policycredit.creditplans import services as creditplans
from policycredit.domain.credit_plan import Amounts
from policycredit.geo.models import AdminUnit, Level, TransactionPoint
from policycredit.network.models import SavingsGroup
from policycredit.programmes.models import Programme
from policycredit.reviews.services import make_document
from policycredit.supervision import services as supervision
from policycredit.supervision.models import FindingKind

pytestmark = pytest.mark.django_db
D = datetime.date
M = 1_000_000


def _people():
    return {name: User.objects.get(username=name) for name in ("ketoan", "giamdoc", "bandaidien")}


def _ward_budget(people, ward) -> CapitalSource:
    return save_source(
        actor=User.objects.get(username="admin"),
        instance=CapitalSource(
            code="NS-BM", name=f"Ngân sách {ward.name}", level="commune", unit=ward
        ),
    )


def _entrust_2024(people, source, office) -> BudgetPlan:
    accountant, director = people["ketoan"], people["giamdoc"]
    with replaying(D(2024, 1, 5)):
        plan = budgets.save_plan(
            actor=accountant,
            instance=BudgetPlan(
                source=source,
                office=office,
                year=2024,
                planned=1_500 * M,
                estimate_document="Nghị quyết 21/NQ-HĐND",
                estimate_date=D(2023, 12, 20),
            ),
        )
        plan = budgets.record_decision(
            actor=accountant, plan=plan, number="112/QĐ-UBND", date=D(2024, 1, 5), amount=1_200 * M
        )
    for number, day, amount in (("112/QĐ-UBND-1", D(2024, 2, 1), 700 * M),
                                ("112/QĐ-UBND-2", D(2024, 5, 2), 500 * M)):  # fmt: skip
        with replaying(day):
            proposal = budgets.receive_transfer(
                actor=accountant,
                plan=plan,
                number=number,
                date=day,
                amount=amount,
                programmes=[Programme.objects.get(code="HN")],
            )
            assert isinstance(proposal, Proposal)  # money is never entered by one person
            policy.approve(actor=director, proposal=proposal)
    return plan


def _credit_plan_2024(people, office, source, wards):
    director = people["giamdoc"]
    programme = Programme.objects.get(code="HN")
    with replaying(D(2024, 1, 10)):
        version = creditplans.set_plan(
            actor=director,
            office=office,
            year=2024,
            decision_number="05/KH-PGD",
            decision_date=D(2024, 1, 10),
            lines=[(programme, source, Amounts(1_100 * M, 200 * M, 900 * M))],
        )
        for ward, share, growth in zip(wards, (600 * M, 400 * M), (500 * M, 400 * M), strict=True):
            creditplans.allocate(
                actor=director,
                plan=version.plan,
                target=ward,
                valid_from=D(2024, 1, 10),
                amounts={(programme.pk, source.pk): Amounts(share, 0, growth)},
            )
    return version.plan


def _board_meets(people, district, ward):
    director, member_user = people["giamdoc"], people["bandaidien"]
    with replaying(D(2024, 4, 10)):
        board = boards.form_board(
            actor=director,
            level="district",
            unit=district,
            name="Ban đại diện HĐQT NHCSXH quận Hai Bà Trưng",
            valid_from=D(2021, 7, 1),
            valid_to=D(2025, 6, 30),  # district boards ended with the districts
            decision="1520/QĐ-UBND",
            decided_on=D(2021, 6, 25),
            end_decision="Luật Tổ chức chính quyền địa phương 2025",
        )
        head = boards.appoint_member(
            actor=director,
            board=board,
            full_name="Trần Văn Hùng",
            position="Phó Chủ tịch UBND quận",
            role="head",
            term_from=D(2021, 7, 1),
        )
        chair = boards.appoint_member(
            actor=director,
            board=board,
            full_name="Ngô Quang Vinh",
            position=f"Chủ tịch UBND {ward.name}",
            role="member",
            term_from=D(2021, 7, 1),
            represents=ward,
            user=member_user,
        )
        meeting = boards.record_meeting(
            actor=director,
            board=board,
            held_on=D(2024, 4, 10),
            kind="quarterly",
            agenda="Kết quả quý I/2024; kế hoạch kiểm tra quý II",
            attendance={head.pk: None, chair.pk: None},
            resolutions=[("01/NQ-BĐD", "Kiểm tra điểm giao dịch trong quý II")],
            tasks=[
                TaskDraft(
                    description=f"Kiểm tra điểm giao dịch {ward.name}",
                    due_on=D(2024, 6, 30),
                    member=chair,
                    resolution_number="01/NQ-BĐD",
                )
            ],
        )
    task = meeting.tasks.get()
    with replaying(D(2024, 5, 20)):
        boards.report_progress(
            actor=member_user, task=task, noted_on=D(2024, 5, 20), note="Đã kiểm tra", done=True
        )
    task.refresh_from_db()
    return meeting, task


def _member_inspects(people, office, point):
    director, member_user = people["giamdoc"], people["bandaidien"]
    with replaying(D(2024, 5, 2)):
        plan = supervision.make_plan(actor=director, office=office, year=2024)
        line = supervision.add_plan_line(
            actor=director,
            plan=plan,
            checker_kind="board_member",
            month=5,
            checker_user=member_user,
            point=point,
        )
    with replaying(D(2024, 5, 15)):
        check = supervision.record_check(
            actor=member_user,
            checked_on=D(2024, 5, 15),
            summary="Điểm giao dịch mở muộn một phiên",
            line=line,
        )
        finding = supervision.record_finding(
            actor=member_user,
            check=check,
            kind=FindingKind.objects.get(code="point_not_held"),
            description="Phiên tháng 4 không giao dịch đúng ngày",
            due_on=D(2024, 6, 15),
            follow_up_name="Tổ trưởng tổ giao dịch",
            point=point,
        )
    with replaying(D(2024, 6, 1)):
        supervision.add_follow_up(
            actor=member_user, finding=finding, note="Đã nhắc tổ giao dịch", noted_on=D(2024, 6, 1)
        )
        supervision.resolve_finding(
            actor=director, finding=finding, resolution="Phiên tháng 5 đúng lịch",
            resolved_on=D(2024, 6, 1),
        )  # fmt: skip
    finding.refresh_from_db()
    return finding


def _word_text(content: bytes) -> str:
    word = Word(io.BytesIO(content))
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def _pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_a_year_of_the_entrusting_government_is_in_its_review():
    people = _people()
    director = people["giamdoc"]
    office = director.office
    point = (
        TransactionPoint.objects.filter(
            pk__in=SavingsGroup.objects.filter(office=office).values("transaction_point")
        )
        .select_related("ward")
        .order_by("code")
        .first()
    )
    ward = point.ward
    district = AdminUnit.objects.get(pk=ward.parent_id, level=Level.DISTRICT)
    other_ward = (
        AdminUnit.objects.filter(parent=district, valid_to__isnull=False)
        .exclude(pk=ward.pk)
        .order_by("code")
        .first()
    )

    source = _ward_budget(people, ward)
    budget = _entrust_2024(people, source, office)
    credit_plan = _credit_plan_2024(people, office, source, [ward, other_ward])
    meeting, task = _board_meets(people, district, ward)
    finding = _member_inspects(people, office, point)

    # Each act as its own app keeps it.
    assert budget.decided == 1_200 * M and budget.transfers.count() == 2
    assert task.done_on == D(2024, 5, 20)
    assert finding.resolved_on == D(2024, 6, 1)
    left = plans.allocation_summary(credit_plan, D(2024, 6, 30))
    assert left, "the plan shows what is allocated and what is left"

    with translation.override("vi"):
        word = _word_text(
            make_document(actor=director, file_format="docx", as_of=D(2024, 6, 30), from_year=2014)
        )
        printed = _pdf_text(
            make_document(actor=director, file_format="pdf", as_of=D(2024, 6, 30), from_year=2014)
        )
    for text in (word, " ".join(printed.split())):
        # The ward's budget: its estimate, the decision and what arrived in two parts.
        assert f"Ngân sách {ward.name}" in text
        assert "1.500.000.000" in text and "1.200.000.000" in text
        assert "112/QĐ" in text  # the decision's number (the PDF may break it at its hyphen)
        # The credit plan's lending and growth planned for the year.
        assert "1.100.000.000" in text and "900.000.000" in text
        # The board's meeting and its members; the finding's kind.
        assert "10/04/2024" in text
        assert "Ngô Quang Vinh" in text
        assert "Điểm giao dịch không giao dịch đúng lịch" in text
        assert "Hai Bà Trưng" in text
