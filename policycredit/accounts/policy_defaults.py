"""The four-eyes rules an office starts with (`accounts.policy`). Each is a default for the
office to set (the administrator changes them on the "four-eyes rules" screen, audited); where a
default follows a rule of the bank or of the project's design, its note says which. Written by
the accounts' migration and again by the demo loader (a test database emptied by a test that
commits is filled again by the loader, not by the migrations)."""

# The notes are data an administrator reads and rewrites, so in Vietnamese (not gettext).
OFFICE_TO_SET = "Mức mặc định: phòng giao dịch tự quy định."
DESIGN = (
    "Theo thiết kế hệ thống (design.md, phần phân quyền): thao tác nhạy cảm cần người thứ hai "
    "kiểm soát."
)

# act: (who may take or propose it, who may approve it, {role: alone up to (None: any)}, note)
DEFAULTS = {
    "application.approve": (
        ["director"],
        [],
        {"director": None},
        "Giám đốc phòng giao dịch (hoặc phó giám đốc) phê duyệt trên mẫu 04/TD sau khi tổ "
        "bình xét, hội đoàn thể thẩm định và UBND phường, xã xác nhận, nên chính việc phê duyệt "
        "là người thứ hai kiểm soát. Dù quy tắc này ghi thế nào, mỗi người chỉ làm nhiều nhất "
        "một bước của một hồ sơ vay, và người phê duyệt không bao giờ giải ngân khoản vay đó.",
    ),
    "loan.disburse": (
        ["teller", "director"],
        ["controller", "director"],
        {"teller": 100_000_000, "director": None},
        "Giải ngân khoản vay đã được phê duyệt. 100.000.000 đ là mức cho vay tối đa của "
        "chương trình hộ nghèo trong danh mục chương trình; giao dịch viên chỉ giải ngân số "
        "tiền lớn hơn khi kiểm soát viên hoặc giám đốc phê duyệt. " + OFFICE_TO_SET,
    ),
    "loan.repay": (
        ["teller"],
        ["controller", "director"],
        {"teller": 50_000_000},
        "Tiền thu tại quầy, ngoài ngày giao dịch tại xã. " + OFFICE_TO_SET,
    ),
    "savings.deposit": (
        ["teller"],
        ["controller", "director"],
        {"teller": 20_000_000},
        "Tiền gửi của tổ viên thường vài chục nghìn đồng mỗi tháng; một khoản gửi lớn tại "
        "quầy là bất thường nên phải kiểm tra. " + OFFICE_TO_SET,
    ),
    "savings.withdraw": (
        ["teller"],
        ["controller", "director"],
        {"teller": 10_000_000},
        "Chi tiền mặt từ tiền gửi của tổ viên. " + OFFICE_TO_SET,
    ),
    "loan.reverse": (
        ["controller", "director"],
        ["controller", "director"],
        {},
        "Sửa sai sổ sách: luôn cần hai người. " + DESIGN,
    ),
    "savings.reverse": (
        ["controller", "director"],
        ["controller", "director"],
        {},
        "Sửa sai sổ sách: luôn cần hai người. " + DESIGN,
    ),
    "loan.extend": (
        ["credit_officer", "director"],
        ["director"],
        {},
        "Gia hạn nợ và điều chỉnh kỳ hạn nợ do giám đốc phòng giao dịch quyết định theo đề "
        "xuất của cán bộ tín dụng (quy định của NHCSXH về gia hạn nợ, điều chỉnh kỳ hạn nợ).",
    ),
    "loan.freeze": (
        ["credit_officer", "director"],
        ["director"],
        {},
        "Khoanh nợ theo quyết định xử lý nợ bị rủi ro do nguyên nhân khách quan; phòng giao "
        "dịch đề xuất, giám đốc phê duyệt. " + DESIGN,
    ),
    "loan.write_off": (
        ["credit_officer", "director"],
        ["director"],
        {},
        "Xóa nợ theo quyết định xử lý nợ bị rủi ro do nguyên nhân khách quan; phòng giao "
        "dịch đề xuất, giám đốc phê duyệt. " + DESIGN,
    ),
    "loan.transfer": (
        ["credit_officer", "director"],
        ["director"],
        {},
        "Chuyển nợ cho thành viên khác trong hộ (người vay qua đời hoặc chuyển đi nơi khác) "
        "đổi người chịu nợ: phòng giao dịch đề xuất, giám đốc phê duyệt, không bao giờ một "
        "người làm một mình. " + DESIGN,
    ),
    "capital.decision": (
        ["accountant"],
        ["director"],
        {},
        "Kế toán nhập quyết định của chính quyền địa phương; giám đốc đối chiếu với văn bản "
        "đã ký trước khi số tiền được ghi vào sổ sách.",
    ),
    "register.import": (
        ["accountant", "director", "administrator"],
        ["director"],
        {"accountant": None, "director": None, "administrator": None},
        "Nhập hồ sơ tín dụng của ngân hàng (hệ thống hỏi lại trước khi đọc tệp). Mỗi vai trò "
        "này được nhập một mình: việc nhập chỉ mở các khoản mà sổ sách của ngân hàng đã có, "
        "và báo cáo đối chiếu là bước kiểm tra; quản trị viên được nhập vì hồ sơ đầu tiên của "
        "một hệ thống mới được nhập trước khi có phòng giao dịch, tức là trước khi có người "
        "dùng nào của phòng. Việc nhập không thể chờ người thứ hai (tệp bị xóa sau khi chạy): "
        "vai trò không có hạn mức ở đây bị từ chối. " + OFFICE_TO_SET,
    ),
    "accounts.user": (
        ["administrator"],
        ["administrator", "director"],
        {},
        "Người dùng mới, vai trò, địa bàn hay quyền quản trị: một quản trị viên đề xuất, một "
        "quản trị viên khác (hoặc giám đốc phòng giao dịch) phê duyệt.",
    ),
}


def seed(ActPolicy, ActLimit) -> None:
    """Write the rules an act does not have yet (an office's own changes stay). Given the
    models, so the migration can hand in its historical ones."""
    for act, (proposers, approvers, limits, note) in DEFAULTS.items():
        policy, created = ActPolicy.objects.get_or_create(
            act=act, defaults={"proposers": proposers, "approvers": approvers, "note": note}
        )
        if created:
            ActLimit.objects.bulk_create(
                ActLimit(policy=policy, role=role, alone_up_to=up_to)
                for role, up_to in limits.items()
            )
