"""The kinds of finding the supervision starts with: the ones the issue names from the
district's review (misuse of a loan, group rules broken, causes of overdue debt, transaction
points not held on their day) and "other". The administrator adds or retires kinds; the
wording is the project's (no circular of the bank lists them), as each row's source says."""

SOURCE = (
    "Báo cáo tổng kết 10 năm Chỉ thị 40-CT/TW (nhóm tồn tại thường gặp khi kiểm tra); "
    "chưa đối chiếu văn bản"
)

# (code, name as the records print it). In English: misuse of a loan; group rules broken;
# causes of overdue debt; transaction point not held on its day; other.
KINDS = [
    ("loan_misuse", "Sử dụng vốn vay sai mục đích"),
    ("group_rules", "Tổ TK&VV vi phạm quy ước hoạt động"),
    ("overdue", "Nguyên nhân nợ quá hạn"),
    ("point_not_held", "Điểm giao dịch không giao dịch đúng lịch"),
    ("other", "Tồn tại khác"),
]


def seed(kind_model) -> None:
    for position, (code, name) in enumerate(KINDS, 1):
        kind_model.objects.get_or_create(
            code=code, defaults={"name": name, "position": position, "source": SOURCE}
        )
