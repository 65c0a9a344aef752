"""The demo's Boards of Representatives: the Hai Bà Trưng district board from 2014 until the
district boards ended on 30/06/2025, then the Hà Nội city board from 01/07/2025, each with its
quarterly meetings up to the business date, their attendance, one or two resolutions and a task
or two each, followed to done (most) or still open (the last few).

Members of the district board: its head, a vice-chair of the district People's Committee; the
bank office's director; the heads of the district's four organisations; and the chair of every
ward of the demo, each ward's chair changing with the 2021 elections (or when the ward was
merged away). Of the city board: a vice-chair of the city, the city branch's director, the
city's four organisations and the chairs of the three new wards made mostly of the old
district. The demo's board member (`bandaidien`, Ngô Quang Vinh) heads the district board from
07/2021 and then sits on the city board as the chair of the new Hai Bà Trưng ward.

Names and decision numbers are made up. Everything goes through the services, by the office's
director as the boards' secretariat (or the member who was given a task), each step replayed
on its day; its own seeded generator keeps it from shifting the district's other draws.
"""

import datetime
import random

from policycredit.accounts.models import User
from policycredit.boards import selectors, services
from policycredit.boards.models import BoardLevel, MeetingKind, MemberRole
from policycredit.common.selectors import business_date, replaying
from policycredit.demo import names, wards
from policycredit.demo.context import Context

SEED = 40  # Directive 40-CT/TW
DAY = datetime.timedelta(days=1)
START = datetime.date(2014, 1, 1)
DISTRICT_END = datetime.date(2025, 6, 30)
CITY_START = wards.REFORM_DATE
ELECTION = datetime.date(2021, 7, 1)  # ward chairs of the 2021–2026 term
VINH = "Ngô Quang Vinh"

ORGANISATIONS = [
    "Chủ tịch Hội Liên hiệp Phụ nữ {where}",
    "Chủ tịch Hội Nông dân {where}",
    "Chủ tịch Hội Cựu chiến binh {where}",
    "Bí thư Đoàn Thanh niên {where}",
]
ABSENT = ["Đi công tác", "Ốm", "Họp Thành ủy", "Tiếp công dân theo lịch", "Việc gia đình"]
AGENDA = (
    "1. Đánh giá kết quả hoạt động tín dụng chính sách xã hội quý {q}/{y}.\n"
    "2. Kết quả kiểm tra, giám sát của các thành viên Ban đại diện.\n"
    "3. Nhiệm vụ trọng tâm quý tiếp theo."
)
RESOLUTIONS = [
    "Tập trung thu hồi nợ quá hạn, phấn đấu giảm tỷ lệ nợ quá hạn dưới 0,1 %.",
    "Bổ sung nguồn vốn ngân sách địa phương ủy thác qua NHCSXH theo Chỉ thị 40-CT/TW.",
    "Kiện toàn Ban quản lý các Tổ TK&VV hoạt động yếu.",
    "Duy trì hoạt động giao dịch xã đúng lịch, công khai danh sách hộ vay tại điểm giao dịch.",
    "Đẩy mạnh cho vay giải quyết việc làm, tạo việc làm mới cho người lao động.",
]
TASKS = [
    "Kiểm tra hoạt động Tổ TK&VV và điểm giao dịch tại {ward}.",
    "Đôn đốc thu hồi nợ quá hạn tại {ward}.",
    "Rà soát hộ nghèo, cận nghèo có nhu cầu vay vốn tại {ward}.",
    "Tham mưu bố trí vốn ngân sách ủy thác năm {y}.",
    "Tổng hợp kết quả kiểm tra, giám sát quý {q}/{y} báo cáo Ban đại diện.",
]
BANK_DISTRICT = "NHCSXH PGD quận Hai Bà Trưng"
BANK_CITY = "NHCSXH Chi nhánh TP Hà Nội"
OPEN_AT_THE_END = 3  # the last meetings of each board leave this many tasks open
RECENT = 12  # the tasks that get a progress note half-way, besides the note that closes them


def _name(rng: random.Random, male: bool | None = None) -> str:
    male = rng.random() < 0.6 if male is None else male
    family = rng.choice([f for f, _weight in names.FAMILY_NAMES])
    middle = rng.choice(names.MALE_MIDDLE if male else names.FEMALE_MIDDLE)
    given = rng.choice(names.MALE_GIVEN if male else names.FEMALE_GIVEN)
    return f"{family} {middle} {given}"


def seed(ctx: Context) -> None:
    """Both boards, their members and their meetings up to the business date (not in the
    tests' small world, whose tests make the boards they need, as for the field checks)."""
    today = business_date()
    if not ctx.with_loans or today < START:
        return
    rng = random.Random(SEED)
    secretariat = User.objects.get(username="giamdoc")
    vinh = User.objects.filter(username="bandaidien").first()
    district = _district_board(ctx, rng, secretariat, vinh)
    _meetings(district, rng, secretariat, START, min(DISTRICT_END, today), BANK_DISTRICT, today)
    if today >= CITY_START:
        city = _city_board(ctx, rng, secretariat, vinh)
        _meetings(city, rng, secretariat, CITY_START, today, BANK_CITY, today)


def _district_board(ctx, rng, secretariat, vinh):
    with replaying(START):
        board = services.form_board(
            actor=secretariat,
            level=BoardLevel.DISTRICT,
            unit=ctx.district,
            name="Ban đại diện HĐQT NHCSXH quận Hai Bà Trưng",
            valid_from=START,
            valid_to=DISTRICT_END,
            decision="Quyết định 125/QĐ-UBND (demo)",
            decided_on=START - 10 * DAY,
            end_decision="Chính quyền địa phương hai cấp từ 01/07/2025",
        )
    district = "quận Hai Bà Trưng"
    seats = [
        (_name(rng), f"Phó Chủ tịch UBND {district}", MemberRole.HEAD, None, START, ELECTION - DAY),
        (VINH, f"Phó Chủ tịch UBND {district}", MemberRole.HEAD, None, ELECTION, DISTRICT_END),
        (
            secretariat.get_full_name(),
            f"Giám đốc Phòng giao dịch NHCSXH {district}",
            MemberRole.STANDING,
            None,
            START,
            DISTRICT_END,
        ),
    ]
    for title in ORGANISATIONS:
        seats.append((_name(rng), title.format(where=district), MemberRole.MEMBER, None, START,
                      DISTRICT_END))  # fmt: skip
    for ward in [*wards.MERGED_2020, *wards.OLD_WARDS]:
        unit = ctx.wards[ward["name"]]
        end = min(unit.valid_to or DISTRICT_END, DISTRICT_END)
        title = f"Chủ tịch UBND {ward['full_name']}"
        if end < ELECTION:
            seats.append((_name(rng), title, MemberRole.MEMBER, unit, START, end))
        else:
            seats.append((_name(rng), title, MemberRole.MEMBER, unit, START, ELECTION - DAY))
            seats.append((_name(rng), title, MemberRole.MEMBER, unit, ELECTION, end))
        enlarged = ctx.renumbered.get(ward["name"])
        if enlarged is not None:  # the same chair, for the ward under its new code
            seats.append((seats[-1][0], title, MemberRole.MEMBER, enlarged, enlarged.valid_from,
                          DISTRICT_END))  # fmt: skip
    _appoint(board, seats, secretariat, vinh)
    return board


def _city_board(ctx, rng, secretariat, vinh):
    with replaying(CITY_START):
        board = services.form_board(
            actor=secretariat,
            level=BoardLevel.PROVINCE,
            unit=ctx.province,
            name="Ban đại diện HĐQT NHCSXH Thành phố Hà Nội",
            valid_from=CITY_START,
            decision="Quyết định 3412/QĐ-UBND (demo): kiện toàn Ban đại diện",
            decided_on=CITY_START - 5 * DAY,
        )
    city = "Thành phố Hà Nội"
    seats = [
        (_name(rng), f"Phó Chủ tịch UBND {city}", MemberRole.HEAD, None, CITY_START, None),
        (
            _name(rng),
            f"Giám đốc Chi nhánh NHCSXH {city}",
            MemberRole.STANDING,
            None,
            CITY_START,
            None,
        ),  # fmt: skip
    ]
    for title in ORGANISATIONS:
        seats.append((_name(rng), title.format(where=city), MemberRole.MEMBER, None, CITY_START,
                      None))  # fmt: skip
    for ward in wards.NEW_WARDS:
        if not ward["mainly_former_hbt"]:
            continue
        unit = ctx.new_wards[ward["name"]]
        name = VINH if ward["name"] == "Hai Bà Trưng" else _name(rng)
        title = f"Chủ tịch UBND {ward['full_name']}"
        seats.append((name, title, MemberRole.MEMBER, unit, CITY_START, None))
    _appoint(board, seats, secretariat, vinh)
    return board


def _appoint(board, seats, secretariat, vinh) -> None:
    for full_name, position, role, unit, start, end in seats:
        user = vinh if full_name == VINH else None
        if full_name == secretariat.get_full_name():
            user = secretariat
        with replaying(start):
            services.appoint_member(
                actor=secretariat,
                board=board,
                full_name=full_name,
                position=position,
                role=role,
                term_from=start,
                term_to=end,
                represents=unit,
                user=user,
            )


def _quarters(first: datetime.date, last: datetime.date):
    year, quarter = first.year, (first.month - 1) // 3 + 1
    while datetime.date(year, 3 * quarter - 2, 1) <= last:
        yield year, quarter
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def _meetings(board, rng, secretariat, first, last, bank, today) -> None:
    held = []
    for year, quarter in _quarters(first, last):
        day = datetime.date(year, 3 * quarter, 12 + rng.randrange(12))
        if day < first or day > last:
            continue
        held.append(_meeting(board, rng, secretariat, day, year, quarter, bank))
    _follow(held, rng, secretariat, today)


def _meeting(board, rng, secretariat, day, year, quarter, bank):
    members = selectors.members_in_office(board, day)
    attendance = {m.pk: None if rng.random() < 0.88 else rng.choice(ABSENT) for m in members}
    if all(reason is not None for reason in attendance.values()):
        attendance[members[0].pk] = None
    count = 1 + (rng.random() < 0.5)
    picks = rng.sample(RESOLUTIONS, count)
    resolutions = [(f"{quarter * 2 - 1 + i:02d}/NQ-BĐD-{year}", text) for i, text in
                   enumerate(picks)]  # fmt: skip
    chairs = [m for m in members if m.represents_id]
    tasks = []
    for i in range(1 + (rng.random() < 0.4)):
        template = rng.choice(TASKS)
        if "{ward}" in template and chairs:
            member = rng.choice(chairs)
            description = template.format(ward=member.represents.name, q=quarter, y=year)
            assignee = {"member": member}
        else:
            description = template.format(ward="", q=quarter, y=year)
            assignee = {"body": bank}
        tasks.append(
            services.TaskDraft(
                description=description,
                due_on=day + (45 + rng.randrange(45)) * DAY,
                resolution_number=resolutions[min(i, len(resolutions) - 1)][0],
                **assignee,
            )
        )
    with replaying(day):
        return services.record_meeting(
            actor=secretariat,
            board=board,
            held_on=day,
            kind=MeetingKind.QUARTERLY,
            place="Hội trường UBND" if board.level == BoardLevel.DISTRICT else "UBND Thành phố",
            agenda=AGENDA.format(q=quarter, y=year),
            attendance=attendance,
            resolutions=resolutions,
            tasks=tasks,
        )


def _follow(meetings, rng, secretariat, today) -> None:
    """Done by (or a little after) the due date, the recent tasks with a progress note half-way;
    the tasks of the last meetings stay open (some past their due date)."""
    tasks = [t for m in meetings for t in m.tasks.select_related("member__user", "meeting")]
    for n, task in enumerate(tasks):
        reporter = task.member.user if task.member_id and task.member.user_id else secretariat
        mid = task.meeting.held_on + (task.due_on - task.meeting.held_on) // 2
        if mid > today:
            continue
        if n >= len(tasks) - RECENT:  # older tasks went straight to done: fewer writes
            with replaying(mid):
                services.report_progress(
                    actor=reporter, task=task, noted_on=mid, note="Đang triển khai thực hiện."
                )
        if n >= len(tasks) - OPEN_AT_THE_END:
            continue
        done = task.due_on + (rng.randrange(20) - 14) * DAY
        done = max(done, mid)
        if done > today:
            continue
        with replaying(done):
            services.report_progress(
                actor=reporter, task=task, noted_on=done, note="Đã hoàn thành.", done=True
            )
