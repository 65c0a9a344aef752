"""A group's savings balances as an Excel workbook (the project's one sheet layout: numbers
stay numbers, so an accountant can sum and filter them)."""

import datetime

from django.utils.translation import gettext as _

from policycredit.common import excel


def group_balances(group, rows, as_of: datetime.date):
    """``rows`` are memberships annotated with ``balance`` (see ``selectors``)."""
    rows = list(rows)
    return excel.workbook(
        _("Members' savings of %(group)s on %(day)s")
        % {"group": group, "day": f"{as_of:%d/%m/%Y}"},
        [
            _("No."),
            _("household code"),
            _("head of household"),
            _("joined on"),
            _("left on"),
            _("savings balance (đồng)"),
        ],
        [
            [
                n,
                m.household.code,
                m.household.head.full_name if m.household.head_id else "",
                m.joined,
                m.left,
                m.balance,
            ]
            for n, m in enumerate(rows, 1)
        ],
        notes=[f"{_('group code')}: {group.code}"],
        total=["", _("Total"), "", "", "", sum(m.balance for m in rows)],
        sheet_name=_("Savings"),
    )
