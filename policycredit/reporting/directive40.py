"""The Directive 40 review (Chỉ thị 40-CT/TW, 2014): capital entrusted by local budgets and its
growth against a base year, the portfolio and its growth by programme, source, ward and mass
organisation, turnover, overdue and frozen debt, group quality, savings, jobs, and households
that left poverty after borrowing — all as of one date, for what the user may see."""

import contextvars
import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from policycredit.borrowers.models import PovertyRecord, PovertyStatus
from policycredit.capital.models import CapitalSource, SourceLevel
from policycredit.capital.selectors import decisions_for
from policycredit.domain.review import growth, percent, review_dates
from policycredit.geo.models import AdminUnit
from policycredit.geo.selectors import current_unit
from policycredit.loans.models import Loan
from policycredit.network.models import OrganisationKind, SavingsGroup
from policycredit.programmes.models import Programme
from policycredit.reporting.portfolio import Portfolio
from policycredit.reporting.report import Chart, Figure, Report, Table
from policycredit.reporting.selection import Selection, selection_for
from policycredit.savings.selectors import signed_amount, transactions_for

QUALITY = {"good": "tốt", "fair": "khá", "average": "trung bình", "weak": "yếu"}


def link(name: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{_path(name)}?{urlencode(params)}"


def _path(name: str) -> str:
    # A national review links each of its ten thousand wards: one reverse() per list, not per
    # row (resolving a URL name costs more than the row's figures). The URL prefix may differ
    # between requests (script name, language), so the cache lives for one report.
    paths = _paths.get()
    if paths is None:
        return reverse(f"reporting:{name}")
    if name not in paths:
        paths[name] = reverse(f"reporting:{name}")
    return paths[name]


_paths: contextvars.ContextVar[dict | None] = contextvars.ContextVar("paths", default=None)


def day_param(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def decisions_in(user, selection: Selection, as_of):
    qs = decisions_for(user).filter(date__lte=as_of)
    if selection.office_ids is not None:
        qs = qs.filter(office_id__in=selection.office_ids)
    elif selection.ward_ids is not None or selection.organisation_ids is not None:
        # A ward's report shows the ward's own budget, not its office's whole capital.
        qs = qs.filter(source__unit_id__in=selection.ward_ids or [])
    return qs


def ward_names(as_of):
    """A ward's name as in force on ``as_of`` (an old ward after a merge reads as the ward that
    took it over); units are read in bulk, successions only for closed ones."""
    cache: dict = {}

    def name(ward_id):
        if ward_id is None:
            return _("(no ward)")
        if ward_id not in cache:
            missing = AdminUnit.objects.in_bulk([ward_id])
            cache.update(missing)
        unit = cache[ward_id]
        if unit.valid_to is not None and unit.valid_to < as_of:
            unit = cache[ward_id] = current_unit(unit, as_of)
        return unit.name

    def prime(ids):
        cache.update(
            AdminUnit.objects.in_bulk([i for i in ids if i is not None and i not in cache])
        )

    name.prime = prime
    return name


def capital_by_year(user, selection, as_of, years):
    """{source: {year: entrusted that year}}, years before the first in the first year's
    running total."""
    out = defaultdict(lambda: defaultdict(int))
    for source_id, day, amount in decisions_in(user, selection, as_of).values_list(
        "source_id", "date", "amount"
    ):
        out[source_id][max(day.year, years[0] - 1)] += amount
    return out


def build(
    user, as_of: datetime.date, from_year: int = 2014, unit: AdminUnit | None = None
) -> Report:
    token = _paths.set({})
    try:
        return _build(user, as_of, from_year, unit)
    finally:
        _paths.reset(token)


def _build(user, as_of: datetime.date, from_year: int, unit: AdminUnit | None) -> Report:
    from_year = min(from_year, as_of.year)
    selection = selection_for(user, unit, as_of)
    dates = review_dates(from_year, as_of)
    base_day = dates[0]
    years = list(range(from_year, as_of.year + 1))
    portfolio = Portfolio(selection, dates)
    unit_param = unit.pk if unit else None
    title = _("Directive 40 review as of %(day)s (base year %(year)s)") % {
        "day": day_param(as_of),
        "year": from_year,
    }
    if unit is not None:
        title = f"{title} – {unit.name}"
    report = Report(name="directive40", title=title, as_of=as_of)
    report.notes += selection.mapping
    report.read_from = "rollup" if portfolio.from_rollup else "loans"
    report.notes.append(
        _("Figures from the month-end rollup of the close of day.")
        if portfolio.from_rollup
        else _("Figures computed from the loans' transaction log.")
    )
    if base_day != datetime.date(from_year, 12, 31):
        report.notes.append(
            _("The base year is the year of the report: it is compared with itself.")
        )

    # -- capital -------------------------------------------------------------------------
    sources = {s.pk: s for s in CapitalSource.objects.all()}
    capital = capital_by_year(user, selection, as_of, years)
    shown = sorted(
        capital, key=lambda s: (sources[s].level != SourceLevel.CENTRAL, sources[s].code)
    )
    headers = [_("year")]
    for s in shown:
        headers += [
            _("%(source)s – in the year") % {"source": sources[s].name},
            _("%(source)s – to date") % {"source": sources[s].name},
        ]
    running = {s: capital[s].get(from_year - 1, 0) for s in shown}
    rows, links = [], []
    to_date = {}
    for year in years:
        row = [str(year)]
        for s in shown:
            running[s] += capital[s].get(year, 0)
            row += [capital[s].get(year, 0), running[s]]
            to_date[(s, year)] = running[s]
        rows.append(row)
        links.append(link("decisions", year=year, as_of=day_param(as_of), unit=unit_param))
    total = [_("Total")]
    for s in shown:
        total += [sum(capital[s].get(y, 0) for y in years), running[s]]
    report.tables.append(
        Table(_("Capital by source and year"), headers, rows, total, links, key="capital")
    )
    local_rows = []
    for s in shown:
        source = sources[s]
        if source.level == SourceLevel.CENTRAL:
            continue
        base, now = to_date[(s, from_year)], running[s]
        added, times = growth(base, now)
        local_rows.append([source.name, source.get_level_display(), base, now, added, times or ""])
        if not any(f.key == "entrusted" for f in report.figures):
            report.figures += [
                Figure(
                    _("%(source)s entrusted by %(day)s")
                    % {"source": source.name, "day": day_param(as_of)},
                    now,
                    link("decisions", source=s, as_of=day_param(as_of), unit=unit_param),
                    key="entrusted",
                ),
                Figure(
                    _("Growth since %(year)s") % {"year": from_year},
                    added,
                    link(
                        "decisions",
                        source=s,
                        as_of=day_param(as_of),
                        unit=unit_param,
                        since=from_year + 1,
                    ),
                    key="entrusted_growth",
                ),
            ]
    report.tables.append(
        Table(
            _("Local budget capital entrusted: growth since %(year)s") % {"year": from_year},
            [
                _("source"),
                _("level"),
                _("to date at the end of %(year)s") % {"year": from_year},
                _("to date on %(day)s") % {"day": day_param(as_of)},
                _("growth (đồng)"),
                _("growth (times)"),
            ],
            local_rows,
            key="local_capital",
        )
    )

    # -- portfolio by dimension ----------------------------------------------------------
    programmes = {p.pk: p for p in Programme.objects.all()}
    kinds = dict(OrganisationKind.choices)
    ward_name = ward_names(as_of)

    dimensions = [
        (
            "programme",
            _("Outstanding by programme"),
            lambda k: programmes[k].name if k else "–",
            "programme",
        ),
        (
            "source",
            _("Outstanding by capital source"),
            lambda k: sources[k].name if k else "–",
            "source",
        ),
        ("ward", _("Outstanding by ward"), ward_name, "ward"),
        (
            "kind",
            _("Outstanding by mass organisation"),
            lambda k: str(kinds.get(k, _("(no organisation)"))),
            "kind",
        ),
    ]
    now_total = portfolio.stock(as_of).get(None, {})
    base_total = portfolio.stock(base_day).get(None, {})
    for by, heading, name, param in dimensions:
        base_rows = portfolio.stock(base_day, by)
        now_rows = portfolio.stock(as_of, by)
        if by == "ward":
            ward_name.prime([*base_rows, *now_rows])
        merged = defaultdict(lambda: [0, 0])
        keys_of = defaultdict(list)
        for key, figures in base_rows.items():
            merged[name(key)][0] += figures["outstanding"]
            keys_of[name(key)].append(key)
        for key, figures in now_rows.items():
            merged[name(key)][1] += figures["outstanding"]
            keys_of[name(key)].append(key)
        rows, links = [], []
        for label in sorted(merged, key=lambda n: -merged[n][1]):
            base, now = merged[label]
            added, times = growth(base, now)
            rows.append(
                [
                    label,
                    base,
                    now,
                    added,
                    times or "",
                    percent(now, now_total.get("outstanding", 0)),
                ]
            )
            key = keys_of[label][0]
            links.append(
                link(
                    "loans",
                    as_of=day_param(as_of),
                    unit=unit_param,
                    **({param: key} if key is not None and by != "ward" else {}),
                    **(
                        {"wards": ",".join(str(k) for k in sorted(set(keys_of[label])) if k)}
                        if by == "ward"
                        else {}
                    ),
                )
            )
        base_sum, now_sum = base_total.get("outstanding", 0), now_total.get("outstanding", 0)
        added, times = growth(base_sum, now_sum)
        report.tables.append(
            Table(
                heading,
                [
                    {
                        "programme": _("programme"),
                        "source": _("capital source"),
                        "ward": _("ward"),
                        "kind": _("mass organisation"),
                    }[by],
                    _("outstanding at the end of %(year)s") % {"year": from_year},
                    _("outstanding on %(day)s") % {"day": day_param(as_of)},
                    _("growth (đồng)"),
                    _("growth (times)"),
                    _("share (%)"),
                ],
                rows,
                [_("Total"), base_sum, now_sum, added, times or "", percent(now_sum, now_sum)],
                links,
                key=f"outstanding_by_{by}",
            )
        )

    # -- the summary: borrowers, overdue and frozen -----------------------------------------
    def summary(figures):
        out = figures.get("outstanding", 0)
        return [
            out,
            figures.get("borrowers", 0),
            figures.get("loans", 0),
            figures.get("overdue", 0),
            percent(figures.get("overdue", 0), out),
            figures.get("frozen", 0),
            percent(figures.get("frozen", 0), out),
            percent(figures.get("overdue", 0) + figures.get("frozen", 0), out),
        ]

    labels = [
        _("outstanding"),
        _("borrowers with a balance"),
        _("loans with a balance"),
        _("overdue principal"),
        _("overdue ratio (%)"),
        _("frozen principal"),
        _("frozen ratio (%)"),
        _("overdue and frozen ratio (%)"),
    ]
    base_summary, now_summary = summary(base_total), summary(now_total)
    report.tables.append(
        Table(
            _("Portfolio quality"),
            [_("indicator"), _("end of %(year)s") % {"year": from_year}, day_param(as_of)],
            [[label, b, n] for label, b, n in zip(labels, base_summary, now_summary, strict=True)],
            key="summary",
        )
    )
    report.figures += [
        Figure(
            _("Outstanding"),
            now_summary[0],
            link("loans", as_of=day_param(as_of), unit=unit_param),
            key="outstanding",
        ),
        Figure(
            _("Borrowers with a balance"),
            now_summary[1],
            link("loans", as_of=day_param(as_of), unit=unit_param),
            key="borrowers",
            unit="number",
        ),
        Figure(
            _("Overdue ratio (%)"),
            now_summary[4],
            link("loans", as_of=day_param(as_of), unit=unit_param, overdue=1),
            key="overdue_ratio",
            unit="percent",
        ),
    ]

    # Overdue by ward, and the wards with none.
    by_ward = defaultdict(lambda: [0, 0, 0, []])
    for key, figures in portfolio.stock(as_of, "ward").items():
        row = by_ward[ward_name(key)]
        row[0] += figures["outstanding"]
        row[1] += figures["overdue"]
        row[2] += figures["frozen"]
        row[3].append(key)
    rows, links = [], []
    for label in sorted(by_ward):
        out, overdue, frozen, keys = by_ward[label]
        rows.append([label, out, overdue, percent(overdue, out), frozen, percent(frozen, out)])
        links.append(
            link(
                "loans",
                as_of=day_param(as_of),
                unit=unit_param,
                overdue=1,
                wards=",".join(str(k) for k in keys if k),
            )
        )
    report.tables.append(
        Table(
            _("Overdue and frozen debt by ward"),
            [
                _("ward"),
                _("outstanding"),
                _("overdue principal"),
                _("overdue ratio (%)"),
                _("frozen principal"),
                _("frozen ratio (%)"),
            ],
            rows,
            [
                _("Total"),
                now_summary[0],
                now_summary[3],
                now_summary[4],
                now_summary[5],
                now_summary[6],
            ],
            links,
            key="overdue_by_ward",
        )
    )
    clean = [label for label, r in sorted(by_ward.items()) if r[0] and not r[1]]
    report.notes.append(
        _("Wards with no overdue debt on %(day)s: %(wards)s.")
        % {"day": day_param(as_of), "wards": ", ".join(clean) or "–"}
    )

    # -- groups and savings ------------------------------------------------------------------
    classes = portfolio.group_classes(as_of)
    groups_total = sum(classes.values())
    report.tables.append(
        Table(
            _("Savings-and-loan groups by quality class"),
            [_("class"), _("groups"), _("share (%)")],
            [
                [QUALITY[c], classes.get(c, 0), percent(classes.get(c, 0), groups_total)]
                for c in QUALITY
            ],
            [_("Total"), groups_total, percent(groups_total, groups_total)],
            key="group_quality",
        )
    )
    report.notes.append(
        _(
            "Group classes by the share of the group's balance overdue: good none, "
            "fair under 2 %, average under 5 %, weak 5 % or more."
        )
    )
    report.tables.append(savings_table(user, selection, as_of))

    # -- turnover, capital and jobs by year ---------------------------------------------------
    flows = portfolio.flows_by_year(years, as_of)
    year_end_stock = {d.year: portfolio.stock(d).get(None, {}).get("outstanding", 0) for d in dates}
    rows, links = [], []
    for year in years:
        f = flows.get((year, None), {})
        rows.append(
            [
                str(year),
                f.get("disbursed", 0),
                f.get("collected", 0),
                f.get("interest", 0),
                year_end_stock.get(year, ""),
            ]
        )
        links.append(link("loans", year=year, as_of=day_param(as_of), unit=unit_param))
    report.tables.append(
        Table(
            _("Lending and collection turnover by year"),
            [
                _("year"),
                _("disbursed"),
                _("principal collected"),
                _("interest collected"),
                _("outstanding at the year end"),
            ],
            rows,
            [
                _("Total"),
                sum(r[1] for r in rows),
                sum(r[2] for r in rows),
                sum(r[3] for r in rows),
                now_summary[0],
            ],
            links,
            key="turnover",
        )
    )
    entrusted_by_year = [sum(to_date.get((s, y), 0) for s in shown) for y in years]
    report.charts.append(
        Chart(
            "capital",
            _("Capital entrusted and outstanding by year"),
            [str(y) for y in years],
            [
                (_("capital entrusted to date"), entrusted_by_year),
                (_("outstanding"), [year_end_stock.get(y, 0) for y in years]),
            ],
            [link("decisions", year=y, as_of=day_param(as_of), unit=unit_param) for y in years],
        )
    )
    jobs = portfolio.flows_by_year(years, as_of, "source")
    job_sources = sorted(
        {k[1] for k in jobs if jobs[k]["jobs_new"] or jobs[k]["jobs_maintained"]},
        key=lambda s: sources[s].code if s else "",
    )
    headers = [_("year")]
    for s in job_sources:
        headers += [
            _("%(source)s – new jobs") % {"source": sources[s].name},
            _("%(source)s – jobs maintained") % {"source": sources[s].name},
        ]
    headers += [_("new jobs"), _("jobs maintained")]
    rows, links = [], []
    for year in years:
        row = [str(year)]
        for s in job_sources:
            f = jobs.get((year, s), {})
            row += [f.get("jobs_new", 0), f.get("jobs_maintained", 0)]
        row += [sum(row[1::2]), sum(row[2::2])]
        rows.append(row)
        links.append(link("loans", year=year, jobs=1, as_of=day_param(as_of), unit=unit_param))
    report.tables.append(
        Table(
            _("Jobs created and maintained by year of lending"),
            headers,
            rows,
            [_("Total"), *[sum(r[i] for r in rows) for i in range(1, len(headers))]],
            links,
            key="jobs",
        )
    )
    report.charts.append(
        Chart(
            "jobs",
            _("Jobs by year of lending"),
            [str(y) for y in years],
            [(_("new jobs"), [r[-2] for r in rows]), (_("jobs maintained"), [r[-1] for r in rows])],
            links,
        )
    )
    report.tables.append(left_poverty(selection, years, as_of))
    return report


def savings_table(user, selection, as_of) -> Table:
    """Members' savings through the groups of the selection, summed in the database."""
    from django.db.models import Q, Sum

    groups = SavingsGroup.objects.filter(
        Q(founded__lte=as_of), Q(closed__isnull=True) | Q(closed__gte=as_of)
    ).filter(_group_q(selection))
    balances = (
        transactions_for(user)
        .filter(value_date__lte=as_of, membership__group__in=groups.values("id"))
        .values("membership_id")
        .annotate(balance=Sum(signed_amount()))
        .order_by()
    )
    members = total = 0
    for row in balances:
        total += row["balance"] or 0
        members += (row["balance"] or 0) > 0
    return Table(
        _("Savings of members through groups"),
        [_("groups"), _("members with savings"), _("savings balance")],
        [[groups.count(), members, total]],
        key="savings",
    )


def _group_q(selection: Selection):
    from django.db.models import Q

    q = Q()
    if selection.office_ids is not None:
        q &= Q(office_id__in=selection.office_ids)
    if selection.ward_ids is not None:
        q &= Q(transaction_point__ward_id__in=selection.ward_ids)
    if selection.organisation_ids is not None:
        q &= Q(organisation_id__in=selection.organisation_ids)
    if selection.group_ids is not None:
        q &= Q(id__in=selection.group_ids)
    return q


def left_poverty(selection: Selection, years, as_of) -> Table:
    """Households that borrowed and, in a later year, were no longer poor or near-poor."""
    from django.db.models import Min

    poor = {PovertyStatus.POOR, PovertyStatus.NEAR_POOR}
    # The households that were poor or near-poor one year and not the next, first; then when
    # those (few) households first borrowed within the selection.
    status = defaultdict(dict)
    for household_id, year, value in PovertyRecord.objects.filter(
        year__gte=years[0] - 1, year__lte=as_of.year
    ).values_list("household_id", "year", "status"):
        status[household_id][year] = value
    leaving = [
        h
        for h, by_year in status.items()
        if any(
            by_year.get(y - 1) in poor and y in by_year and by_year[y] not in poor for y in years
        )
    ]
    first_loan = dict(
        Loan.objects.filter(
            selection.loan_q(), household_id__in=leaving, first_disbursed_on__lte=as_of
        )
        .values("household_id")
        .annotate(first=Min("first_disbursed_on"))
        .order_by()
        .values_list("household_id", "first")
    )
    status = {h: status[h] for h in first_loan}
    counts = defaultdict(int)
    for household_id, by_year in status.items():
        for year in years:
            if (
                by_year.get(year - 1) in poor
                and by_year.get(year) not in poor
                and year in by_year
                and first_loan[household_id].year < year
            ):
                counts[year] += 1
    rows = [[str(y), counts.get(y, 0)] for y in years]
    return Table(
        _("Households that left poverty after borrowing"),
        [_("year"), _("households")],
        rows,
        [_("Total"), sum(r[1] for r in rows)],
        key="left_poverty",
    )
