"""The demo office's credit plans, 2023–2026, sized from what the demo lent and collected.

Each year's plan has a line for every programme and capital source the office lent or
collected under: the lending planned is what was lent that year (for the current year, the
year before) and a tenth more, rounded up to the million; the collection planned, what was
collected, rounded down; the growth planned, the one less the other. 2024's plan is set in
January a little short of what was then lent and revised on 15/07/2024, as the bank adjusts
its plan mid-year. Each plan is allocated in January to the wards in force and to their
mass organisations, in proportion to what each lent in the year the plan was sized from: each
measure of a line is shared out in whole millions by largest remainder (`apportion`), so a
breakdown adds up to at most its line and a negative growth is shared out negative; a ward
lent in is weighed for one ward of the day only. Everything goes through the credit plans'
services, as the director would type it, and uses no random draw.
"""

import datetime
from collections import defaultdict

from django.db.models import F, Q, Sum
from django.utils import timezone

from policycredit.accounts.models import User
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.creditplans import selectors, services
from policycredit.domain.credit_plan import MEASURES, Amounts
from policycredit.geo.selectors import wards_reported_under
from policycredit.loans.models import LoanTransaction
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import lending
from policycredit.programmes.models import Programme

YEARS = (2023, 2024, 2025, 2026)
MILLION = 1_000_000
REVISED_ON = datetime.date(2024, 7, 15)


def _round_up(amount: int) -> int:
    return -(-amount // MILLION) * MILLION


def _round_down(amount: int) -> int:
    return amount // MILLION * MILLION


def _flows(office, year: int) -> dict:
    """{(programme, source, ward, kind): [lent, collected]} of the office in ``year``."""
    out: dict = defaultdict(lambda: [0, 0])
    rows = (
        LoanTransaction.objects.filter(
            office_id=office.pk,
            value_date__gte=datetime.date(year, 1, 1),
            value_date__lte=datetime.date(year, 12, 31),
            reversed_by__isnull=True,
        )
        .exclude(kind=K.REVERSAL)
        .values(
            programme=F("loan__programme_id"),
            source=F("loan__source_id"),
            ward=F("loan__group__transaction_point__ward_id"),
            kind_of=F("loan__group__organisation__kind"),
        )
        .annotate(
            lent=Sum("principal", filter=lending()),
            collected=Sum("principal", filter=Q(kind=K.REPAYMENT)),
        )
        .order_by()
    )
    for r in rows:
        key = (r["programme"], r["source"], r["ward"], r["kind_of"])
        out[key][0] += r["lent"] or 0
        out[key][1] += r["collected"] or 0
    return dict(out)


def _lines(flows: dict, factor_percent: int) -> list[tuple]:
    by_line: dict = defaultdict(lambda: [0, 0])
    for (programme, source, _ward, _kind), (lent, collected) in flows.items():
        by_line[(programme, source)][0] += lent
        by_line[(programme, source)][1] += collected
    programmes = {p.pk: p for p in Programme.objects.all()}
    sources = {s.pk: s for s in CapitalSource.objects.all()}
    out = []
    for (programme, source), (lent, collected) in sorted(by_line.items()):
        planned = _round_up(lent * factor_percent // 100)
        collection = _round_down(collected)
        if planned or collection:
            out.append(
                (
                    programmes[programme],
                    sources[source],
                    Amounts(planned, collection, planned - collection),
                )
            )
    return out


def _revised(version, lines: list[tuple]) -> list[tuple]:
    """The mid-year lines, keeping a shrinking line's growth as it was: the allocations made of
    it shrink too, and a raised lending must not turn them against the line's way."""
    before = {(x.programme_id, x.source_id): x.growth for x in version.lines.all()}
    out = []
    for programme, source, amounts in lines:
        growth = before.get((programme.pk, source.pk), 0)
        if growth < 0:
            amounts = Amounts(amounts.lending, amounts.collection, growth)
        out.append((programme, source, amounts))
    return out


def apportion(amount: int, weights: dict) -> dict:
    """``amount`` shared out in whole millions in proportion to ``weights`` (largest remainder).

    The millions shared are those of ``amount`` toward zero, so the shares add up to at most
    it; a negative amount (a growth that winds down) is shared by its size and each share keeps
    its sign, so no share goes against the line's way. A key of weight 0 or less gets nothing;
    ties in the remainders go to the key first in sorted order, so the draw is the same every run.
    """
    sign = -1 if amount < 0 else 1
    millions = abs(amount) // MILLION
    positive = {k: w for k, w in weights.items() if w > 0}
    whole = sum(positive.values())
    out = dict.fromkeys(weights, 0)
    if not millions or not whole:
        return out
    quotas = {k: divmod(millions * w, whole) for k, w in positive.items()}
    left = millions - sum(q for q, _r in quotas.values())
    by_remainder = sorted(quotas, key=lambda k: (-quotas[k][1], str(k)))
    for rank, key in enumerate(by_remainder):
        out[key] = sign * (quotas[key][0] + (1 if rank < left else 0)) * MILLION
    return out


def _shares(lines, weights: dict) -> dict:
    """{target: {(programme, source): Amounts}}: each line shared among the targets by their
    weights of that line; the weight of a ward no target stands for (key None) keeps its part
    of the line unallocated."""
    out: dict = defaultdict(dict)
    for line in lines:
        key = (line.programme_id, line.source_id)
        line_weights = weights.get(key, {})
        by_measure = {m: apportion(getattr(line, m), line_weights) for m in MEASURES}
        for target in line_weights:
            if target is not None:
                out[target][key] = Amounts(*(by_measure[m][target] for m in MEASURES))
    return out


def _standing_for(wards) -> dict:
    """{ward lent in: the ward in force that answers for it}: each ward the loans were made in
    goes to ONE ward of the day (itself when it is in force, else the first by name whose
    records cover it), so no loan is weighed twice when wards were merged or split."""
    out: dict = {ward.pk: ward.pk for ward in wards}
    for ward in sorted(wards, key=lambda w: (w.name, w.pk)):
        for old in sorted(wards_reported_under(ward)):
            out.setdefault(old, ward.pk)
    return out


def _allocate(actor, plan, version, flows, day) -> None:
    lines = list(version.lines.all())
    # Only the targets the service takes on ``day``: the office's wards in force then, and
    # their ward-level organisations.
    wards = {w.pk: w for w in selectors.wards_of(plan, day)}
    organisations = {(o.unit_id, o.kind): o for o in selectors.organisations_of(plan, day)}
    standing = _standing_for(wards.values())
    by_ward: dict = defaultdict(lambda: defaultdict(int))
    by_organisation: dict = defaultdict(lambda: defaultdict(int))
    for (programme, source, ward, kind), (lent, _collected) in flows.items():
        target_ward = standing.get(ward)
        by_ward[(programme, source)][target_ward] += lent
        organisation = organisations.get((target_ward, kind))
        by_organisation[(programme, source)][organisation.pk if organisation else None] += lent
    ward_shares = _shares(lines, by_ward)
    for pk in sorted(ward_shares, key=lambda pk: wards[pk].name):
        amounts = ward_shares[pk]
        if any(not a.zero for a in amounts.values()):
            services.allocate(
                actor=actor, plan=plan, target=wards[pk], valid_from=day, amounts=amounts
            )
    organisation_by_pk = {o.pk: o for o in organisations.values()}
    organisation_shares = _shares(lines, by_organisation)
    for pk in sorted(organisation_shares):
        amounts = organisation_shares[pk]
        if any(not a.zero for a in amounts.values()):
            services.allocate(
                actor=actor,
                plan=plan,
                target=organisation_by_pk[pk],
                valid_from=day,
                amounts=amounts,
            )


def seed(ctx) -> None:
    """Plans of 2023–2026 for the demo office (none when the demo made no loans)."""
    director = User.objects.get(username="giamdoc")
    today = timezone.localdate()
    for year in YEARS:
        sized_from = year if year < today.year else year - 1
        flows = _flows(ctx.office, sized_from)
        lines = _lines(flows, 95 if year == 2024 else 110)
        if not lines:
            continue
        decided = datetime.date(year, 1, 12)
        with replaying(decided):
            version = services.set_plan(
                actor=director,
                office=ctx.office,
                year=year,
                decision_number=f"01/QĐ-KHTD-{year}",
                decision_date=decided,
                lines=lines,
                note="Kế hoạch tín dụng năm được giao",
            )
            _allocate(director, version.plan, version, flows, datetime.date(year, 1, 20))
        if year == 2024:
            with replaying(REVISED_ON):
                services.revise_plan(
                    actor=director,
                    plan=version.plan,
                    decision_number="27/QĐ-KHTD-2024",
                    decision_date=REVISED_ON,
                    lines=_revised(version, _lines(flows, 110)),
                    note="Điều chỉnh kế hoạch tín dụng giữa năm",
                )
