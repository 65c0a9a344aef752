"""The figures a review's wording may name: one frozen value per part of the review, built by
`context.py` from the data and, with zeros, by `sample()` so that a template can be checked
without a database (a name the sample does not have is a name the review will not have).

Amounts are `Amount` (they read 80.627.000.000), counts are `Count` (1.805), ratios are text
with a decimal comma (11,60), years are plain numbers (2014), dates are dates
(``{{ as_of|date:"d/m/Y" }}``)."""

import datetime
from dataclasses import dataclass, field, fields, is_dataclass

from policycredit.reviews.figures import Amount, Count, Number

ZERO = Amount(0)
NONE = Count(0)


@dataclass(frozen=True)
class Area:
    name: str = ""  # "Hai Bà Trưng"
    full_name: str = ""  # "Quận Hai Bà Trưng"
    province: str = ""  # "Hà Nội"
    office: str = ""  # the bank office serving it


@dataclass(frozen=True)
class Growth:
    """A stock at the end of the base year and now, what it grew by and how many times."""

    base: Amount = ZERO
    now: Amount = ZERO
    growth: Amount = ZERO
    times: str = ""


@dataclass(frozen=True)
class SourceLine(Growth):
    name: str = ""
    level: str = ""
    in_year: Amount = ZERO  # entrusted in the review's last year


@dataclass(frozen=True)
class Capital:
    total_now: Amount = ZERO
    central_now: Amount = ZERO
    local_now: Amount = ZERO
    local_base: Amount = ZERO
    local_growth: Amount = ZERO
    local_times: str = ""
    province: Growth = field(default_factory=Growth)
    district: Growth = field(default_factory=Growth)
    commune: Growth = field(default_factory=Growth)
    sources: list[SourceLine] = field(default_factory=lambda: [SourceLine()])


@dataclass(frozen=True)
class ProgrammeLine(Growth):
    name: str = ""
    share: str = ""


@dataclass(frozen=True)
class Outstanding(Growth):
    borrowers: Count = NONE
    loans: Count = NONE
    overdue: Amount = ZERO
    overdue_ratio: str = ""
    frozen: Amount = ZERO
    frozen_ratio: str = ""
    programmes: list[ProgrammeLine] = field(default_factory=lambda: [ProgrammeLine()])
    programme_count: Count = NONE


@dataclass(frozen=True)
class Turnover:
    lent: Amount = ZERO  # since the base year
    collected: Amount = ZERO
    lent_last_year: Amount = ZERO  # in the review's last year, to its date
    collected_last_year: Amount = ZERO


@dataclass(frozen=True)
class JobYear:
    year: int = 0
    loans: Count = NONE
    new: Count = NONE
    maintained: Count = NONE


@dataclass(frozen=True)
class Jobs:
    new: Count = NONE
    maintained: Count = NONE
    total: Count = NONE
    loans: Count = NONE
    years: list[JobYear] = field(default_factory=lambda: [JobYear()])


@dataclass(frozen=True)
class PovertyYear:
    year: int = 0
    households: Count = NONE


@dataclass(frozen=True)
class Poverty:
    households: Count = NONE
    years: list[PovertyYear] = field(default_factory=lambda: [PovertyYear()])


@dataclass(frozen=True)
class Groups:
    total: Count = NONE
    good: Count = NONE
    fair: Count = NONE
    average: Count = NONE
    weak: Count = NONE
    good_share: str = ""
    members_saving: Count = NONE
    savings: Amount = ZERO


@dataclass(frozen=True)
class Points:
    count: Count = NONE
    wards: Count = NONE
    names: str = ""


@dataclass(frozen=True)
class Budgets:
    """The local budgets' entrustment in the review's last year (`budgets.year_summary`)."""

    planned: Amount = ZERO
    decided: Amount = ZERO
    transferred: Amount = ZERO
    recalled: Amount = ZERO
    interest_earned: Amount = ZERO
    sources: Count = NONE


@dataclass(frozen=True)
class CreditPlan:
    """The office's credit plan of the review's last year against what was done
    (`creditplans.plan_vs_actual`)."""

    lending_plan: Amount = ZERO
    lending_actual: Amount = ZERO
    collection_plan: Amount = ZERO
    collection_actual: Amount = ZERO
    growth_plan: Amount = ZERO
    growth_actual: Amount = ZERO
    lending_done: str = ""  # % of the plan
    has_plan: bool = False


@dataclass(frozen=True)
class Board:
    """The Board of Representatives' year (`boards.year_summary`)."""

    names: str = ""
    members: Count = NONE
    meetings: Count = NONE
    meeting_dates: str = ""
    resolutions: Count = NONE
    tasks_assigned: Count = NONE
    tasks_done: Count = NONE
    tasks_open: Count = NONE
    tasks_overdue: Count = NONE


@dataclass(frozen=True)
class Supervision:
    """Supervision and inspection in the review's last year (`supervision.year_summary`)."""

    checks_planned: Count = NONE
    checks_done: Count = NONE
    findings: Count = NONE
    findings_resolved: Count = NONE
    findings_open: Count = NONE
    findings_overdue: Count = NONE
    kinds: str = ""  # "misuse of a loan: 2; group rules broken: 1"


@dataclass(frozen=True)
class Variables:
    area: Area = field(default_factory=Area)
    as_of: datetime.date = datetime.date(2000, 1, 1)
    issued_on: datetime.date = datetime.date(2000, 1, 1)
    from_year: int = 0
    year: int = 0  # the review's last year
    years: int = 0  # how many years the review looks back on
    capital: Capital = field(default_factory=Capital)
    outstanding: Outstanding = field(default_factory=Outstanding)
    turnover: Turnover = field(default_factory=Turnover)
    jobs: Jobs = field(default_factory=Jobs)
    poverty: Poverty = field(default_factory=Poverty)
    groups: Groups = field(default_factory=Groups)
    points: Points = field(default_factory=Points)
    budgets: Budgets = field(default_factory=Budgets)
    credit_plan: CreditPlan = field(default_factory=CreditPlan)
    board: Board = field(default_factory=Board)
    supervision: Supervision = field(default_factory=Supervision)

    def as_context(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def sample() -> dict:
    """The context with every name and zero figures, lists of one: for checking a template."""
    return Variables().as_context()


def names(value=None, prefix: str = "") -> list[str]:
    """Every name a template may use ("capital.local_now", "jobs.years.0.new", …), for the
    documentation and the admin's help."""
    value = Variables() if value is None else value
    out = []
    for f in fields(value):
        inner = getattr(value, f.name)
        path = f"{prefix}{f.name}"
        if isinstance(inner, Number):
            out.append(path)  # written 80.627.000.000; an amount's .billions, .millions also
        elif is_dataclass(inner):
            out += names(inner, f"{path}.")
        elif isinstance(inner, list) and inner and is_dataclass(inner[0]):
            out += names(inner[0], f"{path}.N.")
        else:
            out.append(path)
    return out
