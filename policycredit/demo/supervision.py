"""The demo district's supervision from 2023 to today: each year's plan of the office's area
(the ward chairs on the Board of Representatives check their wards, the organisations some of
their groups, the bank its transaction points), the checks made of most planned lines up to the
business date, a few checks off the plan, and findings of every kind, most of them resolved and
a few still open or overdue.

The city's board member of the demo ("bandaidien") checks two wards and a transaction point
himself each year, so that signing in as him shows checks of his own. The ward chairs rarely
sign in: their checks are recorded by the office's credit officer (the board's secretariat)
with the chair's name. Everything goes through the services, each dated step replayed on its
day; the generator is the demo's seeded one, so a load is the same every time.
"""

import datetime

from policycredit.accounts.models import User
from policycredit.common.selectors import business_date, replaying
from policycredit.demo.context import Context
from policycredit.geo.models import AdminUnit
from policycredit.network.selectors import groups_for
from policycredit.supervision import selectors, services
from policycredit.supervision.defaults import seed as seed_kinds
from policycredit.supervision.models import CheckerKind, FindingKind

FIRST_YEAR = 2023
DAY = datetime.timedelta(days=1)
GROUPS_A_YEAR = 6  # the groups the organisations put on each year's plan
DONE_SHARE = 0.85  # of the lines whose month has come, the share checked
FINDING_SHARE = 0.3  # of the checks, the share that found something
RESOLVED_SHARE = 0.85  # of the findings past their due date, the share resolved

SUMMARY = {
    CheckerKind.BOARD_MEMBER: "Kiểm tra việc thực hiện ủy thác, bình xét cho vay và hoạt động "
    "của các tổ TK&VV trên địa bàn phường.",
    CheckerKind.ORGANISATION: "Kiểm tra sinh hoạt tổ, thu lãi, gửi tiết kiệm và sử dụng vốn "
    "vay của tổ viên.",
    CheckerKind.BANK: "Kiểm tra hoạt động điểm giao dịch: lịch giao dịch, niêm yết công khai, "
    "hòm thư góp ý.",
}
# (kind code, what was found, the follow-up noted, how it was resolved)
FOUND = {
    "loan_misuse": (
        "Một hộ sử dụng một phần vốn vay để sửa nhà, không đúng phương án.",
        "Tổ và Hội đã làm việc với hộ, hộ cam kết bổ sung vốn vào chăn nuôi.",
        "Hộ đã sử dụng vốn đúng phương án; Hội xác nhận.",
    ),
    "group_rules": (
        "Tổ không sinh hoạt định kỳ hằng quý, biên bản họp tổ không đầy đủ.",
        "Hội nhắc ban quản lý tổ tổ chức họp tổ.",
        "Tổ đã họp và hoàn thiện biên bản.",
    ),
    "overdue": (
        "Có hộ nợ quá hạn do làm ăn thua lỗ, gia đình khó khăn.",
        "Tổ trưởng và cán bộ Hội đến nhà đôn đốc, hộ trả một phần.",
        "Hộ đã trả hết nợ quá hạn.",
    ),
    "point_not_held": (
        "Điểm giao dịch không giao dịch đúng ngày trong tháng do trùng lịch họp của phường.",
        "Phòng giao dịch thống nhất với UBND phường bố trí phòng giao dịch.",
        "Các tháng sau điểm giao dịch đúng lịch.",
    ),
    "other": (
        "Bảng niêm yết công khai tại điểm giao dịch chưa cập nhật.",
        "Tổ giao dịch lưu động đã nhắc cập nhật.",
        "Đã cập nhật bảng niêm yết.",
    ),
}


def seed(ctx: Context) -> None:
    seed_kinds(FindingKind)
    if not ctx.with_loans:
        return  # the tests' small world stays without supervision, as without boards and loans
    today = business_date()
    people = {
        u.username: u
        for u in User.objects.filter(username__in=["giamdoc", "tindung", "bandaidien", "hoiphunu"])
    }
    if len(people) < 4:
        return  # a world without the demo's users has no one to plan or check
    kinds = list(FindingKind.objects.filter(active=True).order_by("position"))
    state = {"findings": 0}
    for year in range(FIRST_YEAR, today.year + 1):
        with replaying(min(datetime.date(year, 1, 10), today)):
            plan = services.make_plan(
                actor=people["giamdoc"],
                office=ctx.office,
                year=year,
                note=f"Kế hoạch kiểm tra, giám sát hoạt động tín dụng chính sách năm {year}.",
            )
            lines = _lines(ctx, plan, year, people)
        for line, actor in lines:
            _check(ctx, line, actor, today, people, kinds, state)


def _wards(ctx: Context, year: int) -> list[AdminUnit]:
    """The wards of the year: those of the points until the July 2025 reform, then the new
    wards that took them over."""
    served = selectors.wards_served(ctx.office)
    if year <= 2025:
        ids = {p.ward_id for p in ctx.points.values()}
        return list(AdminUnit.objects.filter(id__in=ids).order_by("code"))
    new = [w for w in ctx.new_wards.values() if w.pk in served]
    return sorted(new, key=lambda w: w.code)


def _lines(ctx: Context, plan, year: int, people) -> list[tuple]:
    """Plan the year; each line with the person who will record its check."""
    director, officer, member = people["giamdoc"], people["tindung"], people["bandaidien"]
    made = []

    def add(actor, **line):
        made.append((services.add_plan_line(actor=director, plan=plan, **line), actor))

    # The chairs check their wards every other year, the member two wards every year.
    for i, ward in enumerate(_wards(ctx, year)):
        month = 3 + i % 9
        if i >= 2 and i % 2 != year % 2:
            continue
        if i < 2:
            add(member, checker_kind=CheckerKind.BOARD_MEMBER, checker_user=member, ward=ward,
                month=month)  # fmt: skip
        else:
            add(officer, checker_kind=CheckerKind.BOARD_MEMBER, ward=ward, month=month,
                checker_name=f"Chủ tịch UBND {ward.name}")  # fmt: skip
    women = set(groups_for(people["hoiphunu"]).values_list("id", flat=True))
    groups = [g for g in ctx.groups if g.closed is None][:: max(1, len(ctx.groups) // 12)]
    for i, group in enumerate(ctx.rng.sample(groups, min(GROUPS_A_YEAR, len(groups)))):
        group.refresh_from_db()  # the reform moved the groups to the new wards' organisations
        actor = people["hoiphunu"] if group.pk in women else officer
        add(actor, checker_kind=CheckerKind.ORGANISATION,
            checker_organisation=group.organisation,
            checker_name=f"Chủ tịch {group.organisation.name}", group=group,
            month=4 + i)  # fmt: skip
    points = sorted(ctx.points.values(), key=lambda p: p.code)
    for i, point in enumerate(points[::2]):
        add(officer, checker_kind=CheckerKind.BANK, checker_user=officer, point=point,
            month=2 + i % 10)  # fmt: skip
    add(member, checker_kind=CheckerKind.BOARD_MEMBER, checker_user=member, point=points[1],
        month=9)  # fmt: skip
    return made


def _check(ctx, line, actor, today, people, kinds, state) -> None:
    day = datetime.date(line.plan.year, line.month, ctx.rng.randint(5, 25))
    own = line.checker_user_id == people["bandaidien"].pk
    if day > today or (not own and ctx.rng.random() > DONE_SHARE):
        return
    with replaying(day):
        check = services.record_check(
            actor=actor, line=line, checked_on=day, summary=SUMMARY[line.checker_kind]
        )
    if own or ctx.rng.random() < FINDING_SHARE:
        # Every kind in turn, so the summary shows each; the member's checks always find.
        kind = kinds[state["findings"] % len(kinds)]
        state["findings"] += 1
        _finding(ctx, check, kind, actor, today, people)


def _finding(ctx, check, kind, actor, today, people) -> None:
    found, noted, resolved = FOUND.get(kind.code, FOUND["other"])
    due = check.checked_on + ctx.rng.choice([30, 45, 60]) * DAY
    loan = None
    if kind.code == "loan_misuse":
        loan = selectors.loans_of_target(actor, check).order_by("pk").first()
    follower = people["tindung"] if check.checker_kind == CheckerKind.BANK else None
    with replaying(check.checked_on):
        finding = services.record_finding(
            actor=actor,
            check=check,
            kind=kind,
            description=found,
            due_on=due,
            follow_up_user=follower,
            follow_up_name="" if follower else "Tổ trưởng tổ TK&VV và cán bộ Hội",
            loan=loan,
            point=check.target_point,
        )
    halfway = check.checked_on + (due - check.checked_on) // 2
    if halfway <= today:
        with replaying(halfway):
            services.add_follow_up(actor=actor, finding=finding, note=noted, noted_on=halfway)
    closed_on = due - ctx.rng.randint(0, 10) * DAY
    if due < today - 30 * DAY and ctx.rng.random() < RESOLVED_SHARE:
        with replaying(closed_on):
            services.resolve_finding(
                actor=actor, finding=finding, resolution=resolved, resolved_on=closed_on
            )
