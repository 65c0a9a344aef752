"""The default chart of accounts, in Vietnamese.

The codes are this project's defaults, not the bank's published chart: an accountant sets the
bank's own codes on the chart screen (they are data, and every screen and export reads them).
"""

DEFAULT_CHART = [
    ("cash_office", "1011", "Tiền mặt tại đơn vị"),
    ("cash_in_transit", "1019", "Tiền mặt đang vận chuyển từ điểm giao dịch xã"),
    ("loans_in_term", "2111", "Cho vay trong hạn"),
    ("loans_overdue", "2112", "Nợ quá hạn"),
    ("loans_frozen", "2113", "Nợ khoanh"),
    ("interest_receivable", "3941", "Lãi phải thu từ hoạt động cho vay"),
    ("member_savings", "4231", "Tiền gửi của tổ viên Tổ TK&VV"),
    ("capital_payable", "4411", "Vốn nhận ủy thác từ ngân sách"),
    ("fees_payable", "4591", "Phí ủy thác phải trả tổ chức hội"),
    ("commissions_payable", "4592", "Hoa hồng phải trả Tổ TK&VV"),
    ("interest_income", "7021", "Thu lãi cho vay trong hạn"),
    ("overdue_interest_income", "7022", "Thu lãi nợ quá hạn"),
    ("fees_expense", "8011", "Chi phí ủy thác"),
    ("commissions_expense", "8012", "Chi hoa hồng Tổ TK&VV"),
    ("write_off_loss", "8821", "Nợ đã xóa (bù đắp từ dự phòng rủi ro)"),
]
