"""PolicyCredit: the back office of social-policy credit (tín dụng chính sách xã hội)."""

__version__ = "0.1.0"
