"""The demo district: a deterministic Hai Bà Trưng (Hà Nội) built through the services.

Everything comes from one seeded random generator, so two loads give the same district. Bulk
rows go through `common.services.create_many`, which validates each row and writes its audit
event, so the demo obeys the same rules as a user at a screen.

This module runs the steps in order; the modules beside it build what they are named after
(geography, network, people, capital, users, loans, savings, fees; field: the risk dossiers,
loan-use checks and group inspections waiting in the queues) and hand it on in the
`Context`. The order is part of the result: the steps draw from the one generator in turn.
"""

import random

from django.db import transaction
from django.utils import timezone

from policycredit.accounts.models import User
from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.borrowers.models import Household
from policycredit.calendar.services import load_holidays
from policycredit.common import bulk
from policycredit.common.selectors import one_business_day
from policycredit.demo import (
    boards,
    budgets,
    capital,
    creditplans,
    fees,
    field,
    geography,
    leader_statements,
    loans,
    network,
    notices,
    people,
    quality,
    savings,
    selfservice,
    supervision,
    users,
)
from policycredit.demo.context import GROUPS_PER_POINT, HOUSEHOLDS_TARGET, Context
from policycredit.demo.users import DEMO_PASSWORD, DEMO_USERS
from policycredit.fees.defaults import load_defaults
from policycredit.geo.models import Office
from policycredit.ledger.services import load_chart
from policycredit.programmes.services import load_catalogue

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "GROUPS_PER_POINT",
    "HOUSEHOLDS_TARGET",
    "SEED",
    "Context",
    "add_loans",
    "build",
    "is_empty",
]

SEED = 2014


def is_empty() -> bool:
    return not (Office.objects.exists() or Household.objects.exists() or User.objects.exists())


@transaction.atomic
def build(
    progress=print,
    households: int = HOUSEHOLDS_TARGET,
    groups_per_point: int = GROUPS_PER_POINT,
    with_loans: bool = True,
) -> Context:
    """Load the district. Smaller `households`/`groups_per_point` make a quick test world."""
    rng = random.Random(SEED)
    admin = users.administrator()
    ctx = Context(
        rng=rng,
        actor=admin,
        households_target=households,
        groups_per_point=groups_per_point,
        with_loans=with_loans,
        progress=progress,
    )
    steps = [
        ("geography", geography.build),
        ("office and transaction points", geography.build_office),
        ("mass organisations", network.build_organisations),
        ("programmes", lambda c: load_catalogue(actor=c.actor)),
        (
            "chart of accounts, fee and commission rates, public holidays",
            lambda c: (load_chart(), load_defaults(), load_holidays(), quality.seed(c)),
        ),
        ("households, persons, poverty history", people.build),
        ("savings-and-loan groups and members", network.build_groups),
        ("users", users.build),
        # After the users: a decision is entered by the accountant and approved by the director.
        ("capital sources and entrustment decisions", capital.build),
        ("loans", add_loans),
        ("members' savings", _savings),
        ("entrustment fees and commissions", fees.build),
        ("risk dossiers, loan-use checks and group inspections", field.build),
        ("group leaders' statements synced from the field app", leader_statements.seed),
        # The entrusting government's side, on the loans made: a recall takes only what the
        # loans left idle, and once the district's money is handed over (01/07/2025) its
        # source funds nothing more, so the small world (no loans) keeps it.
        ("local budget plans, transfers and the 2025 hand-over", _budgets),
        ("credit plans", creditplans.seed),
        ("Boards of Representatives and their meetings", boards.seed),
        ("supervision plans, checks and findings", supervision.seed),
        ("text messages sent to households", notices.seed),
        ("borrowers' look-ups of their loans", selfservice.seed),
    ]
    # The demo never closes a day: the close's row stays as it is for the whole load. And the
    # load makes a great many short-lived objects and no cycles for the collector to find.
    with one_business_day(), bulk.long_pass():
        for i, (title, step) in enumerate(steps, 1):
            progress(f"[{i}/{len(steps)}] {title}")
            step(ctx)
    record(actor=admin, action=Action.DEMO_LOADED, instance=ctx.office, new={"seed": SEED})
    return ctx


def _budgets(ctx: Context) -> None:
    budgets.seed(ctx, hand_over=ctx.with_loans)


def _savings(ctx: Context) -> None:
    if ctx.with_loans:  # the test world stays without savings, as without loans
        savings.build(ctx)


def add_loans(ctx: Context) -> None:
    """Loans from 2014 to today, by driving the loan services month by month."""
    if ctx.with_loans:
        loans.build(ctx, timezone.localdate(), progress=ctx.progress)
