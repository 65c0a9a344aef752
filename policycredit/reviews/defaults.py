"""The default wording of the Directive 40 review document, seeded by migration 0002.

Written for this project in its own words (no sentence is taken from any real report): a
district writes its own review by editing these texts in the admin. Every figure is a variable
of `variables.py`; the tables are keys of `tables.py`."""

import datetime

SOURCE = "PolicyCredit: nội dung mặc định soạn cho dự án (yêu cầu số 20), năm 2026"
VALID_FROM = datetime.date(2014, 1, 1)

TEMPLATE = {
    "name": "Báo cáo tổng kết Chỉ thị 40-CT/TW (mẫu mặc định)",
    "valid_from": VALID_FROM,
    "issuer": (
        "{% if area.full_name %}UBND {{ area.full_name|upper }}{% endif %}\n"
        "BAN ĐẠI DIỆN HĐQT NHCSXH"
    ),
    "motto": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    "number": "Số:      /BC-BĐD",
    "place_and_date": (
        '{{ area.name|default:"……" }}, ngày {{ issued_on|date:"d" }} '
        'tháng {{ issued_on|date:"m" }} năm {{ issued_on|date:"Y" }}'
    ),
    "title": (
        "BÁO CÁO\n"
        "Kết quả {{ years }} năm thực hiện Chỉ thị số 40-CT/TW về tín dụng chính sách xã hội "
        "{% if area.full_name %}trên địa bàn {{ area.full_name }}{% endif %} "
        "(từ năm {{ from_year }} đến ngày {{ as_of|date:'d/m/Y' }})"
    ),
    "signature_title": "TM. BAN ĐẠI DIỆN\nTRƯỞNG BAN",
    "signer": "",
    "recipients": (
        "Nơi nhận:\n- Thường trực cấp ủy, HĐND, UBND;\n- Ban đại diện HĐQT cấp trên;\n"
        "- Các thành viên Ban đại diện;\n- Lưu: VT."
    ),
    "source": SOURCE,
}

SECTIONS = [
    (
        "I. Tình hình chung và công tác lãnh đạo, chỉ đạo",
        "Sau {{ years }} năm thực hiện Chỉ thị 40-CT/TW, cấp ủy và chính quyền "
        "{% if area.full_name %}{{ area.full_name }}{% else %}địa phương{% endif %} coi tín dụng "
        "chính sách xã hội là một công cụ quan trọng để giảm nghèo, tạo việc làm và bảo đảm an "
        "sinh xã hội; việc triển khai được đưa vào nghị quyết và kế hoạch phát triển kinh tế - xã "
        "hội hằng năm.\n"
        "Đến ngày {{ as_of|date:'d/m/Y' }}, tổng nguồn vốn ủy thác qua "
        "{% if area.office %}{{ area.office }}{% else %}Ngân hàng Chính sách xã hội{% endif %} "
        "là {{ capital.total_now }} đồng; tổng dư nợ {{ outstanding.now }} đồng với "
        "{{ outstanding.borrowers }} khách hàng còn dư nợ.",
        "",
    ),
    (
        "II. Nguồn vốn",
        "Nguồn vốn ngân sách địa phương ủy thác đến ngày {{ as_of|date:'d/m/Y' }} đạt "
        "{{ capital.local_now }} đồng, tăng {{ capital.local_growth }} đồng so với cuối năm "
        "{{ from_year }}"
        "{% if capital.local_times %} (gấp {{ capital.local_times }} lần){% endif %}.\n"
        "{% if capital.district.now %}Riêng ngân sách cấp huyện ủy thác lũy kế "
        "{{ capital.district.now }} đồng, tăng {{ capital.district.growth }} đồng so với năm "
        "{{ from_year }}{% if capital.district.times %}, gấp {{ capital.district.times }} lần"
        "{% endif %}.{% endif %}"
        "{% if capital.province.now %} Ngân sách cấp tỉnh, thành phố ủy thác lũy kế "
        "{{ capital.province.now }} đồng.{% endif %}\n"
        "Nguồn vốn Trung ương đến nay là {{ capital.central_now }} đồng.",
        "capital, local_capital",
    ),
    (
        "III. Dư nợ theo chương trình cho vay",
        "Tổng dư nợ đến ngày {{ as_of|date:'d/m/Y' }} là {{ outstanding.now }} đồng, tăng "
        "{{ outstanding.growth }} đồng so với cuối năm {{ from_year }}, tập trung ở "
        "{{ outstanding.programme_count }} chương trình cho vay. Nợ quá hạn "
        "{{ outstanding.overdue }} đồng, chiếm {{ outstanding.overdue_ratio }}% tổng dư nợ; "
        "nợ khoanh {{ outstanding.frozen }} đồng.\n"
        "Doanh số cho vay từ năm {{ from_year }} đạt {{ turnover.lent }} đồng, doanh số thu nợ "
        "{{ turnover.collected }} đồng.",
        "outstanding_by_programme, summary",
    ),
    (
        "IV. Lao động được tạo việc làm",
        "Vốn vay đã giúp tạo việc làm mới cho {{ jobs.new }} lao động và duy trì việc làm cho "
        "{{ jobs.maintained }} lao động. Theo từng năm: {% for y in jobs.years %}năm {{ y.year }}"
        " {{ y.new }} lao động mới, {{ y.maintained }} duy trì"
        "{% if forloop.last %}.{% else %}; {% endif %}{% endfor %}",
        "jobs_by_year",
    ),
    (
        "V. Hộ vượt qua ngưỡng nghèo",
        "Có {{ poverty.households }} hộ vay vốn đã thoát nghèo, thoát cận nghèo kể từ năm "
        "{{ from_year }}.",
        "left_poverty",
    ),
    (
        "VI. Điểm giao dịch và Tổ tiết kiệm và vay vốn",
        "{{ points.count }} điểm giao dịch tại {{ points.wards }} phường, xã hoạt động đều đặn "
        "theo lịch cố định hằng tháng, công khai chính sách và danh sách hộ vay.\n"
        "Có {{ groups.total }} Tổ tiết kiệm và vay vốn, trong đó {{ groups.good }} tổ xếp loại "
        "tốt ({{ groups.good_share }}%); {{ groups.members_saving }} tổ viên gửi tiết kiệm với "
        "số dư {{ groups.savings }} đồng.",
        "transaction_points, group_quality",
    ),
    (
        "VII. Hoạt động của Ban đại diện HĐQT",
        "Năm {{ year }}, Ban đại diện có {{ board.members }} thành viên, họp {{ board.meetings }} "
        "phiên{% if board.meeting_dates %} (các ngày {{ board.meeting_dates }}){% endif %}, "
        "ban hành {{ board.resolutions }} nghị quyết và giao {{ board.tasks_assigned }} "
        "nhiệm vụ, đã hoàn thành {{ board.tasks_done }}, còn {{ board.tasks_open }} "
        "nhiệm vụ đang thực hiện"
        "{% if board.tasks_overdue %}, trong đó {{ board.tasks_overdue }} nhiệm vụ quá hạn"
        "{% endif %}.",
        "board_members",
    ),
    (
        "VIII. Kết quả kiểm tra, giám sát",
        "Năm {{ year }}, kế hoạch có {{ supervision.checks_planned }} cuộc kiểm tra, giám sát; "
        "đã thực hiện {{ supervision.checks_done }} cuộc. Qua kiểm tra phát hiện "
        "{{ supervision.findings }} tồn tại{% if supervision.kinds %} ({{ supervision.kinds }})"
        "{% endif %}; đã khắc phục {{ supervision.findings_resolved }}, còn "
        "{{ supervision.findings_open }} đang theo dõi"
        "{% if supervision.findings_overdue %}, {{ supervision.findings_overdue }} quá hạn khắc "
        "phục{% endif %}.",
        "supervision_findings",
    ),
    (
        "IX. Kế hoạch ngân sách ủy thác và kế hoạch tín dụng năm {{ year }}",
        "Dự toán ngân sách địa phương ủy thác năm {{ year }} là {{ budgets.planned }} đồng; "
        "đã có quyết định {{ budgets.decided }} đồng và đã chuyển {{ budgets.transferred }} đồng"
        "{% if budgets.recalled %}, thu hồi {{ budgets.recalled }} đồng{% endif %}. Tiền lãi "
        "trên vốn ngân sách địa phương: {{ budgets.interest_earned }} đồng.\n"
        "{% if credit_plan.has_plan %}Kế hoạch cho vay năm {{ year }} là "
        "{{ credit_plan.lending_plan }} đồng, đã cho vay {{ credit_plan.lending_actual }} đồng "
        "({{ credit_plan.lending_done }}% kế hoạch); thu nợ {{ credit_plan.collection_actual }} "
        "đồng trên kế hoạch {{ credit_plan.collection_plan }} đồng; dư nợ tăng "
        "{{ credit_plan.growth_actual }} đồng trên kế hoạch {{ credit_plan.growth_plan }} đồng."
        "{% else %}Chưa có kế hoạch tín dụng năm {{ year }}.{% endif %}",
        "budgets, credit_plan",
    ),
    (
        "X. Tồn tại, hạn chế",
        "Nguồn vốn ngân sách địa phương tuy tăng nhưng chưa đáp ứng đủ nhu cầu vay của hộ nghèo, "
        "hộ cận nghèo và người lao động cần việc làm.\n"
        "Một số Tổ tiết kiệm và vay vốn còn để phát sinh nợ quá hạn; việc kiểm tra sau cho vay ở "
        "một số nơi chưa thường xuyên.",
        "",
    ),
    (
        "XI. Nhiệm vụ, giải pháp thời gian tới",
        "Tiếp tục bố trí ngân sách địa phương ủy thác sang Ngân hàng Chính sách xã hội hằng năm "
        "theo kế hoạch đã được phê duyệt.\n"
        "Nâng cao chất lượng hoạt động của Ban đại diện, của điểm giao dịch và của Tổ tiết kiệm "
        "và vay vốn; theo dõi đến cùng việc khắc phục các tồn tại qua kiểm tra, giám sát.",
        "",
    ),
]


def seed(Template, Section) -> None:
    """Called by the migration with its historical models."""
    if Template.objects.filter(valid_from=VALID_FROM).exists():
        return
    template = Template.objects.create(**TEMPLATE)
    Section.objects.bulk_create(
        Section(template=template, position=i, heading=heading, body=body, tables=tables)
        for i, (heading, body, tables) in enumerate(SECTIONS, 1)
    )
