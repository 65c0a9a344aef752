"""The measures on a loan (issue 18): extension of an instalment or of the whole loan within the
programme's ceiling, freeze and its end, write-off, transfer of the debt within the household;
their before/after from the engine; and the close of day past an old due date.

The loan of the stories: 50,000,000 đ under the poor-household programme (0.55 %/month, days
÷ 30, overdue × 1.3), 24 months, disbursed 15/03/2024 from central capital, due 25 million on
15/03/2025 and 25 million on 15/03/2026. A day's interest on 50 million in term is
50,000,000 × 0.55 % ÷ 30 = 9,166.67 đ, so 30 days are 275,000 đ.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal, ProposalStatus, User
from policycredit.accounts.tests.four_eyes import approved as approved_by
from policycredit.audit.models import Action, AuditEvent
from policycredit.borrowers.models import Person
from policycredit.closing import services as closing
from policycredit.domain import posting as p
from policycredit.domain.loan import Instalment as Planned
from policycredit.ledger.checks import check_books
from policycredit.ledger.selectors import balance
from policycredit.loans import services
from policycredit.loans.measures import preview
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.loans.proof import deep_check
from policycredit.loans.selectors import loan_state

pytestmark = pytest.mark.django_db
D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def loan(approved, central, teller):
    return services.disburse(
        actor=teller,
        application=approved,
        source=central,
        on=D(2024, 3, 15),
        instalments=[Planned(D(2025, 3, 15), 25_000_000), Planned(D(2026, 3, 15), 25_000_000)],
    )


def _code(error: ValidationError) -> str:
    return error.value.error_list[0].code


def _schedule(loan):
    return [(i.due, i.principal) for i in loan.instalments.order_by("due")]


# ------------------------------------------------------------------- extension of the loan


def test_the_whole_loan_is_extended_by_six_months(loan, officer, director):
    proposal = services.extend_whole(
        actor=officer, loan=loan, months=6, on=D(2025, 3, 1), reason="Lũ lụt tháng 2/2025"
    )
    assert isinstance(proposal, Proposal)  # the director decides an extension
    tx = approved_by(proposal, director)
    assert tx.kind == "extension" and tx.details["whole_months"] == 6
    assert _schedule(loan) == [(D(2025, 9, 15), 25_000_000), (D(2026, 9, 15), 25_000_000)]
    assert loan_state(loan, D(2025, 3, 16)).principal_overdue == 0
    assert loan_state(loan, D(2025, 9, 16)).principal_overdue == 25_000_000


def test_an_extension_after_the_first_instalment_fell_due_moves_only_what_is_still_ahead(
    loan, officer, director
):
    approved_by(
        services.extend_whole(
            actor=officer, loan=loan, months=3, on=D(2025, 4, 1), reason="Dịch bệnh"
        ),
        director,
    )
    assert _schedule(loan) == [(D(2025, 3, 15), 25_000_000), (D(2026, 6, 15), 25_000_000)]


def test_extensions_stop_at_the_programmes_ceiling(loan, officer, director):
    """24 months is medium-term: extensions may add half of it, 12 months, to the original
    maturity of 15/03/2026, so up to 15/03/2027. Eight months, then four more, fit; a fifth
    month does not, whichever service asks for it."""
    approved_by(
        services.extend_whole(actor=officer, loan=loan, months=8, on=D(2025, 3, 1), reason="A"),
        director,
    )
    assert _schedule(loan)[-1] == (D(2026, 11, 15), 25_000_000)
    with pytest.raises(ValidationError) as error:
        services.extend_whole(actor=officer, loan=loan, months=5, on=D(2025, 3, 1), reason="B")
    assert _code(error) == "extension_ceiling"
    assert "12" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.extend(
            actor=officer,
            loan=loan,
            due=D(2026, 11, 15),
            new_due=D(2027, 3, 16),
            on=D(2025, 3, 1),
            reason="C",
        )
    assert _code(error) == "extension_ceiling"
    approved_by(
        services.extend(
            actor=officer,
            loan=loan,
            due=D(2026, 11, 15),
            new_due=D(2027, 3, 15),
            on=D(2025, 3, 1),
            reason="D",
        ),
        director,
    )
    assert _schedule(loan)[-1] == (D(2027, 3, 15), 25_000_000)


def test_the_ceiling_is_data_on_the_programmes_terms(loan, officer):
    terms = loan.terms
    terms.extension_long_percent = 25  # six months on a 24-month loan
    terms.save()
    with pytest.raises(ValidationError) as error:
        services.extend_whole(actor=officer, loan=loan, months=7, on=D(2025, 3, 1), reason="A")
    assert _code(error) == "extension_ceiling"
    assert isinstance(
        services.extend_whole(actor=officer, loan=loan, months=6, on=D(2025, 3, 1), reason="A"),
        Proposal,
    )


@pytest.mark.parametrize(
    ("months", "on", "reason", "code"),
    [
        (0, D(2025, 3, 1), "Lũ", "months"),
        (3, D(2026, 3, 16), "Lũ", "no_such_instalment"),  # all fallen due: nothing ahead
        (3, D(2025, 3, 1), "  ", "reason_required"),
    ],
)
def test_an_impossible_whole_loan_extension_is_refused_before_anyone_proposes_it(
    loan, officer, months, on, reason, code
):
    with pytest.raises(ValidationError) as error:
        services.extend_whole(actor=officer, loan=loan, months=months, on=on, reason=reason)
    assert _code(error) == code
    assert not Proposal.objects.filter(act="loan.extend").exists()


# --------------------------------------------------------------------------------- preview


def test_preview_of_an_extension_shows_the_instalment_kept_in_term(loan):
    """Asked on 01/03/2025 to move 15/03/2025 to 15/09/2025. On 01/03/2025: 351 days of
    interest, 351 × 9,166.67 = 3,217,500. The horizon is the day after the old due date,
    16/03/2025: 366 days in term on 50 million (3,355,000) either way; without the extension
    25 million is overdue, with it nothing is."""
    seen = preview(
        loan,
        "extension",
        {"due": D(2025, 3, 15), "new_due": D(2025, 9, 15), "reason": "Lũ"},
        D(2025, 3, 1),
    )
    assert seen.horizon == D(2025, 3, 16)
    assert seen.before.interest_due == seen.after.interest_due == 3_217_500
    assert seen.before.schedule == (
        Planned(D(2025, 3, 15), 25_000_000),
        Planned(D(2026, 3, 15), 25_000_000),
    )
    assert seen.after.schedule == (
        Planned(D(2025, 9, 15), 25_000_000),
        Planned(D(2026, 3, 15), 25_000_000),
    )
    assert seen.before_at_horizon.principal_overdue == 25_000_000
    assert seen.before_at_horizon.principal_in_term == 25_000_000
    assert seen.after_at_horizon.principal_overdue == 0
    assert seen.after_at_horizon.principal_in_term == 50_000_000
    assert seen.before_at_horizon.interest_due == seen.after_at_horizon.interest_due == 3_355_000
    assert seen.before.next_due == D(2025, 3, 15) and seen.after.next_due == D(2025, 9, 15)
    assert seen.before.maturity == seen.after.maturity == D(2026, 3, 15)
    assert seen.borrower == seen.borrower_after == loan.borrower.full_name
    assert not LoanTransaction.objects.filter(loan=loan).exclude(kind="disbursement").exists()


def test_preview_of_a_freeze_shows_the_interest_stopped(loan):
    """Frozen on 01/06/2024 for 12 months: 78 days accrued before, 715,000. A year later,
    01/06/2025, the frozen loan still owes 715,000; without the freeze it owes 3,355,000 for
    366 days on 50 million, then 77 days on 25 million in term (352,916.67) and 25 million
    overdue at 0.715 %/month (458,791.67): 4,166,708."""
    seen = preview(
        loan, "freeze", {"loss_percent": 50, "months": 12, "decision": "QĐ 1"}, D(2024, 6, 1)
    )
    assert seen.horizon == D(2025, 6, 1)
    assert seen.before.interest_due == seen.after.interest_due == 715_000
    assert (seen.before.principal_in_term, seen.before.principal_frozen) == (50_000_000, 0)
    assert (seen.after.principal_in_term, seen.after.principal_frozen) == (0, 50_000_000)
    assert seen.before_at_horizon.interest_due == 4_166_708
    assert seen.before_at_horizon.principal_overdue == 25_000_000
    assert seen.after_at_horizon.interest_due == 715_000
    assert seen.after_at_horizon.principal_frozen == 50_000_000
    assert seen.after_at_horizon.principal_overdue == 0


def test_preview_of_a_write_off_shows_nothing_left_to_owe(loan):
    """Written off on 20/04/2024: 50 million and the 36 days' interest, 330,000. A month on,
    without it the loan owes 66 days' interest, 605,000."""
    seen = preview(
        loan,
        "write_off",
        {"principal": 50_000_000, "interest": 330_000, "decision": "QĐ xóa nợ 01"},
        D(2024, 4, 20),
    )
    assert seen.horizon == D(2024, 5, 20)
    assert (seen.before.principal_outstanding, seen.before.interest_due) == (50_000_000, 330_000)
    assert (seen.after.principal_outstanding, seen.after.interest_due) == (0, 0)
    assert seen.after.principal_written_off == 50_000_000
    assert seen.before_at_horizon.interest_due == 605_000
    assert seen.after_at_horizon.interest_due == 0
    assert seen.after.schedule == ()


def test_preview_of_a_transfer_changes_the_borrower_and_no_figure(loan):
    heir = _another_member(loan)
    seen = preview(loan, "transfer", {"to_borrower": heir, "reason": "Chủ hộ mất"}, D(2024, 6, 1))
    assert seen.borrower == loan.borrower.full_name
    assert seen.borrower_after == heir.full_name
    assert seen.after == seen.before and seen.after_at_horizon == seen.before_at_horizon
    assert seen.horizon == D(2024, 7, 1)


@pytest.mark.parametrize(
    ("kind", "params", "code"),
    [
        ("extension", {"due": D(2025, 3, 15), "new_due": D(2025, 9, 15), "reason": ""}, None),
        ("extension", {"due": D(2025, 3, 14), "new_due": D(2025, 9, 15), "reason": "A"}, None),
        ("freeze", {"loss_percent": 30, "months": 12, "decision": "QĐ"}, "band"),
        ("freeze", {"loss_percent": 50, "months": 48, "decision": "QĐ"}, "band"),
        ("unfreeze", {"instalments": [], "reason": "QĐ"}, "not_frozen"),
        ("write_off", {"principal": 60_000_000, "interest": 0, "decision": "QĐ"}, None),
        ("write_off", {"principal": 1, "interest": 0, "decision": " "}, "reason_required"),
        ("extension_whole", {"months": 13, "reason": "A"}, "extension_ceiling"),
    ],
)
def test_preview_refuses_as_the_service_would(loan, officer, kind, params, code):
    """The same ValidationError from the preview and from the service, before any proposal."""
    service = {
        "extension": services.extend,
        "extension_whole": services.extend_whole,
        "freeze": services.freeze,
        "unfreeze": services.unfreeze,
        "write_off": services.write_off,
    }[kind]
    on = D(2024, 6, 1)
    with pytest.raises(ValidationError) as from_preview:
        preview(loan, kind, params, on)
    with pytest.raises(ValidationError) as from_service:
        with transaction.atomic():
            result = service(actor=officer, loan=loan, on=on, **params)
            # A proposal is not the refusal: its approval is where the engine says no.
            if isinstance(result, Proposal):
                approved_by(result, "giamdoc")
    assert _code(from_preview) == _code(from_service)
    if code:
        assert _code(from_preview) == code
    assert not LoanTransaction.objects.filter(loan=loan).exclude(kind="disbursement").exists()


_ON = st.integers(min_value=1, max_value=360).map(lambda n: D(2024, 3, 15) + n * ONE_DAY)


@st.composite
def _measures(draw):
    on = draw(_ON)
    kind = draw(st.sampled_from(["extension", "extension_whole", "freeze", "write_off"]))
    if kind == "extension":
        due = D(2025, 3, 15)
        new_due = due + draw(st.integers(min_value=1, max_value=360)) * ONE_DAY
        return kind, on, {"due": due, "new_due": new_due, "reason": "Gia hạn"}
    if kind == "extension_whole":
        return kind, on, {"months": draw(st.integers(1, 12)), "reason": "Gia hạn"}
    if kind == "freeze":
        loss = draw(st.integers(40, 100))
        months = draw(st.integers(1, 36))
        amount = draw(st.one_of(st.none(), st.integers(1, 50_000_000)))
        return (
            kind,
            on,
            {"loss_percent": loss, "months": months, "decision": "QĐ", "amount": amount},
        )
    share = draw(st.integers(0, 100))
    interest_share = draw(st.integers(0, 100))
    return kind, on, {"principal": share, "interest": interest_share, "decision": "QĐ"}


_SERVICES = {
    "extension": services.extend,
    "extension_whole": services.extend_whole,
    "freeze": services.freeze,
    "write_off": services.write_off,
}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(measure=_measures())
def test_the_preview_is_what_the_service_then_does(loan, officer, director, measure):
    """Whatever the measure, the preview's 'after' is the state the approved service leaves, at
    its date and at the horizon (each example is rolled back)."""
    kind, on, params = measure
    with transaction.atomic():
        if kind == "write_off":  # shares of what is owed on the day, not always possible
            state = loan_state(loan, on)
            params = {
                **params,
                "principal": state.principal_outstanding * params["principal"] // 100,
                "interest": state.interest_due * params["interest"] // 100,
            }
        try:
            seen = preview(loan, kind, params, on)
        except ValidationError as refused:
            event(f"{kind} refused")
            with pytest.raises(ValidationError) as also:
                approved_by(_SERVICES[kind](actor=officer, loan=loan, on=on, **params), director)
            assert also.value.error_list[0].code == refused.error_list[0].code
        else:
            event(kind)
            approved_by(_SERVICES[kind](actor=officer, loan=loan, on=on, **params), director)
            for day, figures in ((on, seen.after), (seen.horizon, seen.after_at_horizon)):
                state = loan_state(loan, day)
                assert figures.principal_outstanding == state.principal_outstanding
                assert figures.principal_overdue == state.principal_overdue
                assert figures.principal_frozen == state.principal_frozen
                assert figures.principal_written_off == state.principal_written_off
                assert figures.interest_due == state.interest_due
                assert figures.schedule == state.remaining_instalments
        transaction.set_rollback(True)


# ------------------------------------------------------------------------- transfer of debt


def _another_member(loan) -> Person:
    other = Person.objects.filter(household=loan.household).exclude(pk=loan.borrower_id).first()
    if other is None:
        other = Person.objects.create(
            household=loan.household,
            full_name="Nguyễn Thị Hoa",
            gender="F",
            relation="vợ",
            office=loan.household.office,
        )
    return other


def test_a_debt_passes_to_another_member_with_two_people_and_once(loan, officer, director):
    heir = _another_member(loan)
    first = loan.borrower
    proposal = services.transfer_debt(
        actor=officer, loan=loan, to_borrower=heir, on=D(2024, 6, 1), reason="Chủ hộ mất"
    )
    assert isinstance(proposal, Proposal)
    assert Loan.objects.get(pk=loan.pk).borrower == first  # nothing changes before approval
    assert heir.full_name in policy.describe(proposal)  # the approver reads who takes it over
    with pytest.raises(policy.Refused) as refused:
        policy.approve(actor=officer, proposal=proposal)
    assert refused.value.code == "own_proposal"
    tx = policy.approve(actor=director, proposal=proposal)
    assert (tx.kind, tx.principal, tx.interest) == ("transfer", 0, 0)
    assert tx.details["from_borrower"] == first.pk and tx.details["to_borrower"] == heir.pk
    assert Loan.objects.get(pk=loan.pk).borrower == heir
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.APPROVED
    with pytest.raises(Exception):  # noqa: B017 (decided once: a second approval is refused)
        policy.approve(actor=director, proposal=proposal)
    assert LoanTransaction.objects.filter(loan=loan, kind="transfer").count() == 1
    assert AuditEvent.objects.filter(action=Action.LOAN_TRANSFERRED, object_id=str(tx.pk)).exists()
    # Money did not move: the engine and the books are as before.
    assert loan_state(loan, D(2024, 6, 1)).interest_due == 715_000
    assert deep_check().ok and check_books().ok


def test_a_reversed_transfer_puts_the_borrower_back(loan, officer, director):
    heir = _another_member(loan)
    first = loan.borrower
    tx = approved_by(
        services.transfer_debt(
            actor=officer, loan=loan, to_borrower=heir, on=D(2024, 6, 1), reason="Chuyển đi"
        ),
        director,
    )
    approved_by(
        services.reverse(
            actor=User.objects.get(username="kiemsoat"),
            transaction_to_reverse=tx,
            reason="Nhầm người",
        ),
        director,
    )
    assert Loan.objects.get(pk=loan.pk).borrower == first
    assert deep_check().ok and check_books().ok


def test_a_transfer_is_refused_outside_the_household_to_the_borrower_or_when_settled(
    loan, officer, director
):
    stranger = Person.objects.exclude(household=loan.household).first()
    for person, code in ((stranger, "not_household_member"), (loan.borrower, "same_borrower")):
        with pytest.raises(ValidationError) as error:
            services.transfer_debt(
                actor=officer, loan=loan, to_borrower=person, on=D(2024, 6, 1), reason="A"
            )
        assert _code(error) == code
    with pytest.raises(ValidationError) as error:
        services.transfer_debt(
            actor=officer, loan=loan, to_borrower=_another_member(loan), on=D(2024, 6, 1), reason=""
        )
    assert _code(error) == "reason_required"
    approved_by(
        services.write_off(
            actor=officer,
            loan=loan,
            on=D(2024, 4, 20),
            principal=50_000_000,
            interest=330_000,
            decision="QĐ xóa nợ",
        ),
        director,
    )
    with pytest.raises(ValidationError) as error:
        services.transfer_debt(
            actor=officer,
            loan=loan,
            to_borrower=_another_member(loan),
            on=D(2024, 6, 1),
            reason="A",
        )
    assert _code(error) == "loan_closed"
    assert not Proposal.objects.filter(act="loan.transfer").exists()


# -------------------------------------------------------------------------------- unfreeze


def test_the_end_of_a_freeze_needs_a_second_person_too(loan, officer, director):
    approved_by(
        services.freeze(
            actor=officer, loan=loan, on=D(2024, 6, 1), loss_percent=50, months=12, decision="QĐ"
        ),
        director,
    )
    plan = [Planned(D(2025, 3, 15), 50_000_000)]
    proposal = services.unfreeze(
        actor=officer, loan=loan, on=D(2024, 9, 1), instalments=plan, reason="QĐ chấm dứt"
    )
    assert isinstance(proposal, Proposal) and proposal.act == "loan.freeze"
    with translation.override("en"):
        assert policy.describe(proposal).startswith("end a freeze")
    assert Loan.objects.get(pk=loan.pk).principal_frozen == 50_000_000
    tx = approved_by(proposal, director)
    assert tx.kind == "unfreeze" and tx.details["approved_by_id"] == director.pk
    loan.refresh_from_db()
    assert loan.principal_frozen == 0
    assert loan.instalments.filter(unfreeze=tx).count() == 1


# ------------------------------------------------------- the close of day past the old date


@pytest.fixture
def closing_loan(approved, central, teller):
    """The same loan, disbursed on the office's first business date, its first instalment due
    15/09/2024; the business date is brought to 10/09/2024, five days before it."""
    closing.start_at(day=D(2024, 3, 15))
    loan = services.disburse(
        actor=teller,
        application=approved,
        source=central,
        on=D(2024, 3, 15),
        instalments=[Planned(D(2024, 9, 15), 25_000_000), Planned(D(2025, 3, 15), 25_000_000)],
    )
    closing.close_until(until=D(2024, 9, 9))
    return loan


def _books_agree(loan, day):
    loan.refresh_from_db()
    state = loan_state(loan, day)
    # The close posts whole đồng a bucket and carries the fraction: within a đồng of the engine.
    receivable = balance(office_id=loan.office_id, kinds=[p.INTEREST_RECEIVABLE])
    assert abs(receivable - state.interest_due) <= 1
    report = deep_check()
    assert report.ok, report.differences
    assert check_books().ok
    return state


def test_an_extension_granted_before_the_due_date_keeps_the_loan_in_term_past_it(
    closing_loan, officer, director
):
    loan = closing_loan
    approved_by(
        services.extend(
            actor=officer,
            loan=loan,
            due=D(2024, 9, 15),
            new_due=D(2024, 12, 15),
            on=D(2024, 9, 10),
            reason="Bão số 3",
        ),
        director,
    )
    closing.close_until(until=D(2024, 9, 20))
    state = _books_agree(loan, D(2024, 9, 21))
    assert loan.principal_overdue == 0 and loan.status == "active"
    assert state.principal_overdue == 0
    assert balance(office_id=loan.office_id, kinds=[p.LOANS_OVERDUE]) == 0


def test_a_freeze_before_the_due_date_keeps_the_principal_frozen_and_without_interest(
    closing_loan, officer, director
):
    loan = closing_loan
    approved_by(
        services.freeze(
            actor=officer, loan=loan, on=D(2024, 9, 10), loss_percent=60, months=24, decision="QĐ"
        ),
        director,
    )
    accrued = loan_state(loan, D(2024, 9, 10)).interest_accrued_total
    closing.close_until(until=D(2024, 9, 20))
    state = _books_agree(loan, D(2024, 9, 21))
    assert loan.principal_frozen == 50_000_000 and loan.principal_overdue == 0
    assert loan.status == "frozen"
    assert state.interest_accrued_total == accrued  # nothing accrues on frozen debt
    assert balance(office_id=loan.office_id, kinds=[p.LOANS_FROZEN]) == 50_000_000


def test_a_write_off_before_the_due_date_leaves_nothing_to_fall_overdue(
    closing_loan, officer, director
):
    loan = closing_loan
    due = loan_state(loan, D(2024, 9, 10)).interest_due
    approved_by(
        services.write_off(
            actor=officer,
            loan=loan,
            on=D(2024, 9, 10),
            principal=50_000_000,
            interest=due,
            decision="QĐ xóa nợ",
        ),
        director,
    )
    closing.close_until(until=D(2024, 9, 20))
    state = _books_agree(loan, D(2024, 9, 21))
    assert loan.principal_overdue == 0 and loan.status == "written_off"
    assert state.principal_outstanding == 0 and state.interest_due == 0


# A freeze from 30 % of loss, as an administrator may set the bands (Decimals as strings).
_FREEZE_FROM_30 = [
    ["0", "30", "extension", None],
    ["30", "80", "freeze", 36],
    ["80", "100", "freeze", 60],
]


@pytest.mark.parametrize(
    ("loss", "months", "bands", "allowed"),
    [
        ("35", 12, None, False),  # the defaults: below 40 % is an extension
        ("35", 12, _FREEZE_FROM_30, True),
        ("35", 37, _FREEZE_FROM_30, False),  # 36 months at most in that band
        ("29.99", 12, _FREEZE_FROM_30, False),
        ("80", 60, _FREEZE_FROM_30, True),
    ],
)
def test_the_freeze_check_measures_the_loss_against_the_bands_given(loss, months, bands, allowed):
    from decimal import Decimal

    from policycredit.loans.measures import check_freeze

    if allowed:
        check_freeze(loss_percent=Decimal(loss), months=months, bands=bands)
        return
    with pytest.raises(ValidationError) as refused:
        check_freeze(loss_percent=Decimal(loss), months=months, bands=bands)
    assert refused.value.code == "band"
