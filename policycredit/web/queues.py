"""Work queues on the home page: what waits for the signed-in person, each item a link to the
place where it is done, the most urgent (the earliest date) first.

Which role sees which queues is data (`QUEUES`, role -> builders); a builder takes the user
and the business date and reads through the apps' selectors, which keep the user's scope. The
home page must stay fast on a national portfolio, so a builder counts at most `CAP` rows (a
count over a LIMIT) and reads at most `SHOWN` items, by indexed columns.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from policycredit.accounts import policy
from policycredit.accounts.models import ProposalStatus
from policycredit.accounts.roles import Role, can_act, can_view
from policycredit.closing.selectors import last_close
from policycredit.geo.selectors import transaction_points_for
from policycredit.inspections import selectors as inspections
from policycredit.loans import selectors as loans
from policycredit.restructuring import selectors as restructuring
from policycredit.transactiondays import selectors as days

CAP = 999
SHOWN = 10
DUE_WITHIN = datetime.timedelta(days=30)


@dataclass
class Item:
    key: str  # what tests and scripts find the item by: a number, a date, a code
    label: str
    href: str
    date: datetime.date | None = None
    amount: int | None = None
    detail: str = ""


@dataclass
class Queue:
    name: str  # data-testid "queue-<name>"
    title: str
    count: int
    items: list[Item] = field(default_factory=list)
    more: str = ""  # the full list, where there is one
    note: str = ""
    total: int | None = None  # đồng, where the queue is about money
    big: bool = False  # few items, shown as big buttons (a phone in the group leader's hand)

    @property
    def count_shown(self) -> str:
        return f"{CAP}+" if self.count > CAP else str(self.count)


def capped_count(qs: QuerySet) -> int:
    """How many, up to CAP + 1: a count over a LIMIT reads no more rows than that."""
    return qs[: CAP + 1].count()


def _changelist(user, app: str, model: str, query: str = "") -> str:
    if not can_view(user, app, model):
        return ""
    return reverse(f"admin:{app}_{model}_changelist") + (f"?{query}" if query else "")


def _loan_item(loan, date, amount) -> Item:
    return Item(
        key=loan.number,
        label=f"{loan.number} – {loan.borrower}",
        href=reverse("loans:loan", args=[loan.pk]),
        date=date,
        amount=amount,
    )


def _day_item(day) -> Item:
    return Item(
        key=f"{day.point.code}:{day.date.isoformat()}",
        label=str(day.point),
        href=reverse("transactiondays:day", args=[day.pk]),
        date=day.date,
        detail=day.get_status_display(),
    )


# ---------------------------------------------------------------------------- applications


def _applications(name: str, title: str) -> Callable:
    def build(user, today) -> Queue:
        qs = loans.applications_at_step_of(user)
        statuses = ",".join(loans.statuses_at_step_of(user))
        return Queue(
            name=name,
            title=title,
            count=capped_count(qs),
            items=[
                Item(
                    key=a.number,
                    label=f"{a.number} – {a.borrower}",
                    href=reverse("loans:application", args=[a.pk]),
                    date=a.applied_on,
                    amount=a.amount,
                    detail=a.get_status_display(),
                )
                for a in qs[:SHOWN]
            ],
            more=_changelist(user, "loans", "application", f"status__in={statuses}"),
        )

    return build


# Titles of queues made once, at import: translated when the page is drawn, in its language.
applications_at_my_step = _applications("applications", gettext_lazy("Applications at your step"))
lists_to_confirm = _applications("lists-03td", gettext_lazy("03/TD lists to confirm"))


# ---------------------------------------------------------------------------- loans


def instalments_due(user, today) -> Queue:
    """By transaction point: a point's row opens its next transaction day when one is open,
    else the list of days."""
    rows = loans.instalments_due_by_point(user, today, today + DUE_WITHIN)
    points = transaction_points_for(user).in_bulk([r["point_id"] for r in rows if r["point_id"]])
    next_day = {}
    for day in days.days_for(user).filter(point_id__in=points, date__gte=today).order_by("-date"):
        next_day[day.point_id] = day
    all_days = reverse("transactiondays:days") if can_act(user, "day.view") else ""
    items = []
    for r in rows[:SHOWN]:
        point = points.get(r["point_id"])
        day = next_day.get(r["point_id"])
        items.append(
            Item(
                key=point.code if point else "-",
                label=str(point) if point else _("Loans without a group"),
                href=reverse("transactiondays:day", args=[day.pk]) if day else all_days,
                date=r["first"],
                amount=r["principal"],
                detail=ngettext("%(loans)d loan", "%(loans)d loans", r["loans"])
                % {"loans": r["loans"]},
            )
        )
    return Queue(
        name="instalments-due",
        title=_("Instalments due in the next 30 days"),
        count=sum(r["loans"] for r in rows),
        items=items,
        total=sum(r["principal"] for r in rows),
        more=all_days,
    )


def loans_maturing(user, today) -> Queue:
    qs = loans.loans_maturing(user, today, today + DUE_WITHIN)
    return Queue(
        name="maturing",
        title=_("Loans maturing in the next 30 days"),
        count=capped_count(qs),
        items=[_loan_item(x, x.maturity, x.principal_outstanding) for x in qs[:SHOWN]],
    )


def new_overdue(user, today) -> Queue:
    qs = loans.new_overdue(user, today.replace(day=1), today)
    return Queue(
        name="new-overdue",
        title=_("New overdue this month"),
        count=capped_count(qs),
        items=[_loan_item(x, x.overdue_since, x.principal_overdue) for x in qs[:SHOWN]],
        total=qs.aggregate(total=Sum("principal_overdue"))["total"] or 0,
        more=_changelist(user, "loans", "loan", "status__exact=overdue"),
    )


# ---------------------------------------------------------------------------- approvals


def approvals_waiting(user, today) -> Queue:
    """Every proposal the user may decide; a measure's opens the measure's page, where its
    before/after figures are, the others the approvals page."""
    qs = policy.waiting_for(user).order_by("created", "id")
    shown = list(qs[:SHOWN])
    measures = {
        m.proposal_id: m
        for m in restructuring.measures_waiting(user).filter(proposal__in=[p.pk for p in shown])
    }
    items = []
    for proposal in shown:
        item = _proposal_item(proposal)
        if proposal.pk in measures:
            item.href = measures[proposal.pk].get_absolute_url()
        items.append(item)
    return Queue(
        name="approvals",
        title=_("Approvals waiting for you"),
        count=capped_count(qs),
        items=items,
        more=reverse("approvals:list"),
    )


def my_proposals(user, today) -> Queue:
    qs = policy.proposed_by(user).filter(status=ProposalStatus.PENDING).order_by("created", "id")
    return Queue(
        name="my-proposals",
        title=_("Your proposals waiting for approval"),
        count=capped_count(qs),
        items=[_proposal_item(p) for p in qs[:SHOWN]],
        more=reverse("approvals:list"),
    )


def _proposal_item(proposal) -> Item:
    return Item(
        key=f"proposal-{proposal.pk}",
        label=policy.describe(proposal),
        href=reverse("approvals:list"),
        date=proposal.created.date(),
        amount=proposal.amount,
    )


# ---------------------------------------------------------------------------- transaction days


def days_to_sign_off(user, today) -> Queue:
    qs = days.days_to_sign_off(user)
    return Queue(
        name="sign-off",
        title=_("Transaction days to sign off"),
        count=capped_count(qs),
        items=[_day_item(d) for d in qs[:SHOWN]],
        more=reverse("transactiondays:days"),
    )


def days_to_enter(user, today) -> Queue:
    found = days.days_to_enter(user, today)
    all_days = reverse("transactiondays:days")
    items = [
        _day_item(d.day)
        if d.day
        else Item(
            key=f"{d.point.code}:{d.date.isoformat()}",
            label=str(d.point),
            href=all_days,
            date=d.date,
            detail=_("not opened yet"),
        )
        for d in found[:SHOWN]
    ]
    return Queue(
        name="days-to-enter",
        title=_("Transaction days to enter"),
        count=len(found),
        items=items,
        more=all_days,
    )


def close_of_day(user, today) -> Queue:
    """The days the close of the business date waits for, and the last date closed."""
    qs = days.days_not_posted(user, today)
    last = last_close(today)
    note = (
        _("Business date %(today)s; last date closed %(last)s.")
        % {"today": f"{today:%d/%m/%Y}", "last": f"{last.date:%d/%m/%Y}"}
        if last
        else _("Business date %(today)s; no date closed yet.") % {"today": f"{today:%d/%m/%Y}"}
    )
    return Queue(
        name="close",
        title=_("Days holding up the close of day"),
        count=capped_count(qs),
        items=[_day_item(d) for d in qs[:SHOWN]],
        note=note,
        more=reverse("closing:close") if can_act(user, "day.close") else "",
    )


# ---------------------------------------------------------------------------- risk and checks


def _measure_queue(user, name: str, title: str, loans_found: list, date: str, amount: str):
    """Loans waiting for a measure: each opens where one is proposed, for a role that may
    propose; else the loan's page."""
    propose = can_act(user, "risk.propose")
    items = []
    for loan in loans_found[:SHOWN]:
        item = _loan_item(loan, getattr(loan, date), getattr(loan, amount))
        if propose:
            item.href = reverse("restructuring:propose", args=[loan.pk])
        items.append(item)
    return Queue(name=name, title=title, count=len(loans_found), items=items)


def extensions_to_decide(user, today) -> Queue:
    found = restructuring.extensions_to_decide(user, today)
    title = _("Extensions to decide before the due date")
    return _measure_queue(user, "extensions", title, found, "due_soon", "principal_outstanding")


def freezes_expiring(user, today) -> Queue:
    found = restructuring.freezes_expiring(user, today, days=60)
    title = _("Frozen debts whose freeze ends within 60 days")
    return _measure_queue(user, "freezes-expiring", title, found, "freeze_ends", "principal_frozen")


def dossiers_to_confirm(user, today) -> Queue:
    qs = restructuring.dossiers_to_confirm(user)
    return Queue(
        name="dossiers",
        title=_("Risk dossiers to confirm"),
        count=capped_count(qs),
        items=[
            Item(
                key=str(d.pk),
                label=f"{d} – {d.loan.borrower}",
                href=d.get_absolute_url(),
                date=d.event_on,
                detail=d.get_cause_display(),
            )
            for d in qs[:SHOWN]
        ],
        more=reverse("restructuring:dossiers"),
    )


def loan_use_checks_due(user, today) -> Queue:
    found = inspections.loan_use_checks_due(user, today)
    return Queue(
        name="checks-06td",
        title=_("06/TD loan-use checks due"),
        count=len(found),
        items=[
            Item(
                key=c.loan.number,
                label=f"{c.loan.number} – {c.loan.borrower}",
                href=c.get_absolute_url(),
                date=c.due,
                amount=c.loan.amount,
                detail=_("late") if c.overdue else "",
            )
            for c in found[:SHOWN]
        ],
        more=reverse("inspections:checks"),
    )


def groups_to_inspect(user, today) -> Queue:
    qs = inspections.groups_to_inspect(user, today.year)
    return Queue(
        name="groups-16td",
        title=_("Groups to inspect this year (16/TD)"),
        count=capped_count(qs),
        items=[
            Item(
                key=g.code,
                label=str(g),
                href=reverse("inspections:inspect", args=[g.pk]),
                date=g.last_inspected,
                detail="" if g.last_inspected else _("never inspected"),
            )
            for g in qs[:SHOWN]
        ],
        more=reverse("inspections:groups"),
    )


# ---------------------------------------------------------------------------- group leader


def leader_papers(user, today) -> Queue:
    """The two papers the leader carries to the next transaction day, as big buttons: what
    each member owes (with the group's total, from the same sheet the teller collects by)
    and the 13/TD statement to send before the day."""
    papers = days.leader_papers(user, today)
    if papers is None:
        return Queue(name="leader-papers", title=_("Your next transaction day"), count=0)
    sheet = days.leader_sheet(user, papers.group, today)
    owing = sum(1 for m in sheet.members if m.total_due)
    return Queue(
        name="leader-papers",
        title=_("Your next transaction day"),
        count=owing,
        note=f"{papers.group} · {papers.day:%d/%m/%Y}",
        total=sheet.totals["total_due"],
        big=True,
        items=[
            Item(
                key="sheet",
                label=_("What each member owes"),
                href=papers.sheet_url,
                date=papers.day,
                amount=sheet.totals["total_due"],
                detail=ngettext("%(members)d member", "%(members)d members", len(sheet.members))
                % {"members": len(sheet.members)},
            ),
            Item(
                key="statement-13td",
                label=_("13/TD statement to send"),
                href=papers.statement_url,
                date=papers.day,
            ),
        ],
    )


# ---------------------------------------------------------------------------- who sees what

Builder = Callable[[object, datetime.date], Queue]

QUEUES: dict[str, list[Builder]] = {
    Role.CREDIT_OFFICER: [
        applications_at_my_step,
        instalments_due,
        extensions_to_decide,
        freezes_expiring,
        loans_maturing,
        loan_use_checks_due,
    ],
    Role.DIRECTOR: [approvals_waiting, days_to_sign_off, new_overdue, applications_at_my_step],
    Role.WARD_OFFICER: [lists_to_confirm, dossiers_to_confirm],
    Role.ORGANISATION_OFFICER: [groups_to_inspect, loan_use_checks_due, applications_at_my_step],
    Role.GROUP_LEADER: [leader_papers, applications_at_my_step],
    Role.TELLER: [days_to_enter, my_proposals],
    Role.CONTROLLER: [days_to_sign_off, approvals_waiting],
    Role.ACCOUNTANT: [close_of_day, my_proposals],
    Role.BOARD_MEMBER: [new_overdue],
    Role.ADMINISTRATOR: [approvals_waiting],
}


def queues_for(user, today: datetime.date) -> list[Queue]:
    return [build(user, today) for build in QUEUES.get(policy.role_of(user), [])]
