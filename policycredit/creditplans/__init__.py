"""The office's yearly credit plan (kế hoạch tín dụng) by programme and capital source, allocated to
wards, mass organisations and groups, and its plan against what was done as of any date."""
