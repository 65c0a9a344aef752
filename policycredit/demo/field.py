"""The demo district's field work of the last months, so a first user finds issue 18's queues
with something in them: three risk dossiers at three steps of their life, the 06/TD loan-use
checks of about two thirds of the loans lent a month to half a year ago, and the 16/TD
inspections of about half of the groups this year.

Everything goes through the services, each step by the person whose step it is and dated on
or before the business date (a past step is replayed on its day). What is left undone is what
the queues show: one dossier waiting for its ward (Vĩnh Tuy), one extension waiting for the
director on an instalment due within 30 days, the checks and inspections not done yet.
"""

import datetime
from decimal import Decimal

from django.db.models import F, Max

from policycredit.accounts.models import User
from policycredit.accounts.selectors import scope_of
from policycredit.common.selectors import business_date, replaying
from policycredit.demo.context import Context
from policycredit.domain.dates import add_months
from policycredit.domain.loanrow import ACTIVE, OPEN_STATUSES, OVERDUE
from policycredit.inspections import selectors as inspections
from policycredit.inspections import services as inspection_services
from policycredit.inspections.models import UseOutcome
from policycredit.loans import services as loan_services
from policycredit.loans.models import Loan
from policycredit.loans.selectors import loan_state
from policycredit.network.models import SavingsGroup
from policycredit.restructuring import services as risk

DAY = datetime.timedelta(days=1)
MILLION = 1_000_000

# (cause, what happened): losses the group and the organisation put below 40 % of the debt.
STORM = (
    "disaster",
    "Giông lốc đêm {day} làm tốc mái, sập một phần chuồng lợn; 6 con lợn thịt bị chết.",
)
BUFFALO = ("epidemic", "Con trâu cày của gia đình mắc bệnh tụ huyết trùng, chết ngày {day}.")
ILLNESS = (
    "illness",
    "Chủ hộ bị tai biến mạch máu não ngày {day}, điều trị dài ngày tại Bệnh viện Bạch Mai, "
    "tạm thời mất khả năng lao động.",
)

PARTLY_NOTE = (
    "Hộ đã sử dụng {used} triệu đồng đúng phương án; số còn lại dùng sửa nhà. "
    "Tổ và Hội đã nhắc hộ sử dụng vốn đúng mục đích."
)

# The grades a year's inspections give, as shares of the groups; one or two groups are weak.
GRADE_WEIGHTS = {"good": 40, "fair": 48, "average": 12}
WEAK_GROUPS = 2
# The share of the sheet's points a group of each grade scores (within its band).
POINTS = {"good": (90, 99), "fair": (72, 88), "average": (52, 68), "weak": (38, 48)}
FINDINGS = {
    "good": "Tổ sinh hoạt đều, thu lãi đầy đủ, hồ sơ sổ sách đầy đủ.",
    "fair": "Tổ hoạt động ổn định; một số tổ viên gửi tiết kiệm chưa đều.",
    "average": "Thu lãi chưa kịp thời; sổ sách ghi chép chưa đầy đủ.",
    "weak": "Tổ không sinh hoạt định kỳ, có nợ quá hạn; ban quản lý chưa đôn đốc thu lãi.",
}
FOLLOW_UP = {
    "average": "Ban quản lý tổ đôn đốc thu lãi, hoàn thiện sổ sách trong quý tới.",
    "weak": "Củng cố lại tổ, kiện toàn ban quản lý, đôn đốc thu hồi nợ quá hạn.",
}


def build(ctx: Context) -> None:
    if not ctx.with_loans:  # the test world has no loans to check
        return
    today = business_date()
    people = {
        u.username: u
        for u in User.objects.filter(
            username__in=["tindung", "giamdoc", "hoiphunu", "phuong.vinhtuy", "phuong.bachmai"]
        )
    }
    _dossiers(ctx, today, people)
    _loan_use_checks(ctx, today, people)
    _group_inspections(ctx, today, people)


# ------------------------------------------------------------------------- risk dossiers


def _dossiers(ctx, today, people) -> None:
    vinh_tuy = scope_of(people["phuong.vinhtuy"]).ward_ids
    bach_mai = scope_of(people["phuong.bachmai"]).ward_ids
    # An instalment other than the last is extended: the loan's maturity stays where it was.
    active = (
        Loan.objects.filter(status=ACTIVE, principal_outstanding__gt=0, next_due__gt=today)
        .annotate(maturity=Max("instalments__due"))
        .filter(maturity__gt=F("next_due"))
        .select_related("household")
        .order_by("pk")
    )
    taken: set[int] = set()  # wards with a dossier already

    def pick(wards, event, *, exclude=None, **lookups):
        found = active.filter(
            household__ward_id__in=wards, first_disbursed_on__lt=event - 30 * DAY, **lookups
        )
        if exclude:
            found = found.exclude(**exclude)
        found = [x for x in found if x.household.ward_id not in taken]
        if not found:  # a small test district on an unlucky day: that dossier is left out
            return None
        loan = ctx.rng.choice(found)
        taken.add(loan.household.ward_id)
        return loan

    # Done: an extension decided weeks ago of an instalment that still lies ahead.
    event = today - ctx.rng.randint(55, 70) * DAY
    done = pick(bach_mai, event, exclude={"instalments__due__range": (event, today)})
    if done is not None:
        _decided(ctx, done, event, today, people)

    # Waiting for the director, on an instalment due within 30 days: decided after that day,
    # the instalment would fall overdue.
    event = today - ctx.rng.randint(12, 20) * DAY
    soon = pick(bach_mai, event, next_due__lte=today + 30 * DAY)
    if soon is not None:
        dossier = _confirmed(ctx, soon, BUFFALO, event, event + 6 * DAY, people, "phuong.bachmai")
        _extension(soon, dossier, people["tindung"])

    # Waiting for the ward of Vĩnh Tuy to confirm.
    event = today - ctx.rng.randint(3, 8) * DAY
    waiting = pick(vinh_tuy, event)
    if waiting is not None:
        _assessed(ctx, waiting, STORM, event, people["tindung"])


def _decided(ctx, done, event, today, people) -> None:
    """Confirmed, proposed and approved weeks ago: its decision document is there to print."""
    dossier = _confirmed(ctx, done, ILLNESS, event, event + 8 * DAY, people, "phuong.bachmai")
    with replaying(event + 12 * DAY):
        measure = _extension(done, dossier, people["tindung"])
    with replaying(event + 15 * DAY):
        risk.approve_measure(actor=people["giamdoc"], measure=measure)
    # The loan row was derived on the decision's day: derive it again for today.
    loan_services.refresh_states([Loan.objects.get(pk=done.pk)], as_of=today)


def _assessed(ctx, loan, fact, event, officer):
    """Opened by the credit officer a couple of days after the event, the loss estimated."""
    cause, text = fact
    with replaying(event + 2 * DAY):
        dossier = risk.open_dossier(
            actor=officer,
            loan=loan,
            cause=cause,
            description=text.format(day=f"{event:%d/%m/%Y}"),
            event_on=event,
        )
        owed = loan_state(loan, event).principal_outstanding
        # Below 40 % of the debt: the band of an extension.
        share = Decimal(ctx.rng.randint(15, 35)) / 100
        loss = int(owed * share) // 100_000 * 100_000
        return risk.record_loss(
            actor=officer,
            dossier=dossier,
            by_group=loss + ctx.rng.randint(0, 10) * 100_000,
            by_organisation=loss,
        )


def _confirmed(ctx, loan, fact, event, on, people, ward):
    """Assessed as above, then confirmed by the ward's officer ``on`` that day."""
    dossier = _assessed(ctx, loan, fact, event, people["tindung"])
    with replaying(on):
        return risk.confirm_by_ward(
            actor=people[ward], dossier=dossier, reference=f"{ctx.rng.randint(12, 98)}/XN-UBND"
        )


def _extension(loan, dossier, officer):
    """The next instalment moved three months later, proposed on the business date."""
    loan = Loan.objects.get(pk=loan.pk)
    return risk.propose_measure(
        actor=officer,
        loan=loan,
        kind="extension",
        parameters={
            "due": loan.next_due.isoformat(),
            "new_due": add_months(loan.next_due, 3).isoformat(),
            "reason": "Hộ vay gặp rủi ro do nguyên nhân khách quan, chưa có nguồn trả nợ đúng hạn",
        },
        on=business_date(),
        dossier=dossier,
    )


# ------------------------------------------------------------------------- 06/TD checks


def _loan_use_checks(ctx, today, people) -> None:
    """About two thirds of the loans lent 30 to 180 days ago were checked within 30 days of
    the disbursement; the rest, and every loan lent since, wait for their check."""
    organisation = people["hoiphunu"]
    own = set(inspections.checkable_loans(organisation).values_list("pk", flat=True))
    loans = list(
        Loan.objects.filter(
            status__in=OPEN_STATUSES,
            first_disbursed_on__gte=today - 180 * DAY,
            first_disbursed_on__lte=today - 30 * DAY,
        )
        .select_related("programme")
        .order_by("first_disbursed_on", "pk")
    )
    checked = [loan for loan in loans if ctx.rng.random() < 2 / 3]
    partly = ctx.rng.choice(checked).pk if checked else None
    for loan in checked:
        actor = organisation if loan.pk in own else people["tindung"]
        outcome, used, note = UseOutcome.AS_PLANNED, None, ""
        if loan.pk == partly:
            used = loan.disbursed_total * ctx.rng.randint(55, 80) // 100 // MILLION * MILLION
            outcome, note = UseOutcome.PARTLY, PARTLY_NOTE.format(used=used // MILLION)
        jobs = {}
        if loan.programme.records_jobs:
            # Found near the plan: a job or two fewer, now and then one more.
            jobs = {
                "jobs_new": max(0, loan.jobs_new_planned + ctx.rng.choice([-2, -1, 0, 0, 0, 1])),
                "jobs_maintained": max(
                    0, loan.jobs_maintained_planned + ctx.rng.choice([-1, 0, 0, 0, 1])
                ),
            }
        inspection_services.record_loan_use_check(
            actor=actor,
            loan=loan,
            checked_on=min(today, loan.first_disbursed_on + ctx.rng.randint(5, 28) * DAY),
            outcome=outcome,
            amount_used=used,
            note=note,
            **jobs,
        )


# ------------------------------------------------------------------------- 16/TD inspections


def _group_inspections(ctx, today, people) -> None:
    """Half of the groups inspected since January, most graded good or fair; a group with
    overdue debt is among the weak ones where there is one."""
    organisation = people["hoiphunu"]
    own = set(inspections.inspectable_groups(organisation).values_list("pk", flat=True))
    start = datetime.date(today.year, 1, 10)
    if today <= start:  # the year's inspections have not started yet
        return
    groups = [
        g
        for g in SavingsGroup.objects.filter(closed__isnull=True).order_by("code")
        if ctx.rng.random() < 0.5 and g.founded <= start
    ]
    overdue = set(Loan.objects.filter(status=OVERDUE).values_list("group_id", flat=True))
    weak = [g.pk for g in groups if g.pk in overdue][:WEAK_GROUPS]
    weak += [g.pk for g in groups if g.pk not in weak][: WEAK_GROUPS - len(weak)]
    grades, weights = list(GRADE_WEIGHTS), list(GRADE_WEIGHTS.values())
    span = max(0, (today - start).days - 1)
    # One score sheet for the whole year, unless a new one came into force during it.
    first, last = (inspections.sheet_in_force(day)[0] for day in (start, today))
    for group in groups:
        grade = "weak" if group.pk in weak else ctx.rng.choices(grades, weights)[0]
        day = start + ctx.rng.randint(0, span) * DAY
        criteria = first if first == last else inspections.sheet_in_force(day)[0]
        inspection_services.record_group_inspection(
            actor=organisation if group.pk in own else people["tindung"],
            group=group,
            inspected_on=day,
            scores=_scores(ctx.rng, {c.code: c.max_score for c in criteria}, grade),
            findings=FINDINGS[grade],
            follow_up=FOLLOW_UP.get(grade, ""),
        )


def _scores(rng, most: dict[str, int], grade: str) -> dict[str, int]:
    """A score sheet adding up to a share of the points inside the grade's band: the points
    missed are taken one at a time from criteria drawn in proportion to their weight."""
    total = sum(most.values())
    low, high = POINTS[grade]
    missed = total - -(-total * rng.randint(low, high) // 100)  # rounded up: inside the band
    scores = dict(most)
    codes = list(most)
    while missed:
        code = rng.choices(codes, [scores[c] for c in codes])[0]
        scores[code] -= 1
        missed -= 1
    return scores
