"""Four eyes and limits as data (issue 17): one person cannot move any amount alone.

The attacks that passed before: a teller alone deposited 9·10^18 đ and withdrew 999,999,999 đ
in cash; the director submitted, approved and disbursed one application alone; the credit
officer took the group, organisation and ward steps alone. Each is refused here, in the
services and on the pages; what goes beyond a limit waits as a proposal a second person
approves (and it then runs once), with both people in the audit log.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from policycredit.accounts import policy
from policycredit.accounts.models import ActLimit, ActPolicy, Proposal, User
from policycredit.accounts.models import ProposalStatus as PS
from policycredit.accounts.roles import Act, Role
from policycredit.accounts.services import save_user
from policycredit.audit.models import Action, AuditEvent
from policycredit.borrowers.models import PovertyRecord
from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.capital.services import save_decision
from policycredit.loans import services as loans
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.network.models import Membership, SavingsGroup
from policycredit.programmes.models import Programme
from policycredit.savings import services as savings
from policycredit.savings.models import SavingsTransaction
from policycredit.savings.selectors import balance_of

pytestmark = pytest.mark.django_db
D = datetime.date
ON = D(2024, 3, 10)


@pytest.fixture
def people(user):
    return {
        name: user(username)
        for name, username in {
            "teller": "giaodich",
            "controller": "kiemsoat",
            "officer": "tindung",
            "accountant": "ketoan",
            "director": "giamdoc",
            "leader": "totruong",
            "organisation": "hoiphunu",
            "ward": "phuong.vinhtuy",
            "admin": "admin",
        }.items()
    }


def _colleague(of: User, username: str) -> User:
    """A second person of the same role and office (a deputy director, another teller)."""
    return User.objects.create_user(username=username, password="x", role=of.role, office=of.office)


@pytest.fixture
def member(people):
    group = SavingsGroup.objects.exclude(pk=people["leader"].group_id).order_by("code").first()
    return Membership.objects.filter(
        group=group, left__isnull=True, joined__lt=D(2024, 1, 1)
    ).first()


def _limit(act, role, up_to):
    ActLimit.objects.update_or_create(
        policy=ActPolicy.objects.get(act=act), role=role, defaults={"alone_up_to": up_to}
    )


# ------------------------------------------------------------------------ savings


def test_the_defaults_are_seeded_for_every_act():
    assert set(ActPolicy.objects.values_list("act", flat=True)) == set(Act.values)
    withdraw = ActPolicy.objects.get(act=Act.SAVINGS_WITHDRAW)
    assert withdraw.limits.get(role=Role.TELLER).alone_up_to == 10_000_000
    assert Role.TELLER not in withdraw.approvers


def test_a_teller_alone_cannot_deposit_nine_quintillion(people, member):
    result = savings.deposit(actor=people["teller"], membership=member, amount=9 * 10**18, on=ON)
    assert isinstance(result, Proposal) and result.status == PS.PENDING
    assert result.proposer == people["teller"] and result.amount == 9 * 10**18
    assert not SavingsTransaction.objects.filter(membership=member).exists()
    assert balance_of(member) == 0


def test_a_deposit_within_the_limit_is_taken_alone(people, member):
    tx = savings.deposit(actor=people["teller"], membership=member, amount=200_000, on=ON)
    assert isinstance(tx, SavingsTransaction) and balance_of(member) == 200_000


def test_a_large_withdrawal_waits_and_runs_once_when_the_controller_approves(people, member):
    savings.deposit(actor=people["teller"], membership=member, amount=5_000_000, on=ON)
    _limit(Act.SAVINGS_DEPOSIT, Role.TELLER, 2_000_000_000)
    savings.deposit(actor=people["teller"], membership=member, amount=1_000_000_000, on=ON)
    proposal = savings.withdraw(
        actor=people["teller"], membership=member, amount=999_999_999, on=ON, idempotency_key="w1"
    )
    assert isinstance(proposal, Proposal)
    assert balance_of(member) == 1_005_000_000
    # The same form sent again is the same proposal.
    again = savings.withdraw(
        actor=people["teller"], membership=member, amount=999_999_999, on=ON, idempotency_key="w1"
    )
    assert again.pk == proposal.pk

    with pytest.raises(policy.Refused) as refused:
        policy.approve(actor=people["teller"], proposal=proposal)
    assert refused.value.code == "own_proposal"

    tx = policy.approve(actor=people["controller"], proposal=proposal)
    assert tx.kind == "withdrawal" and tx.actor == people["teller"]
    assert balance_of(member) == 5_000_001
    with pytest.raises(policy.Refused) as refused:
        policy.approve(actor=people["controller"], proposal=proposal)
    assert refused.value.code == "decided"
    assert SavingsTransaction.objects.filter(membership=member, kind="withdrawal").count() == 1

    # The movement's event and the decision's event both name the proposer and the approver.
    moved = AuditEvent.objects.get(action=Action.SAVINGS_MOVED, object_id=str(tx.pk))
    assert moved.actor == people["teller"]
    assert moved.new["approved_by_id"] == people["controller"].pk
    decided = AuditEvent.objects.get(action=Action.PROPOSAL_APPROVED, object_id=str(proposal.pk))
    assert decided.actor == people["controller"]
    assert decided.new["proposer_id"] == people["teller"].pk


def test_limits_are_read_from_the_table(people, member):
    _limit(Act.SAVINGS_DEPOSIT, Role.TELLER, 100_000)
    assert isinstance(
        savings.deposit(actor=people["teller"], membership=member, amount=150_000, on=ON),
        Proposal,
    )
    _limit(Act.SAVINGS_DEPOSIT, Role.TELLER, 200_000)
    assert isinstance(
        savings.deposit(actor=people["teller"], membership=member, amount=150_000, on=ON),
        SavingsTransaction,
    )
    _limit(Act.SAVINGS_DEPOSIT, Role.TELLER, 0)  # never alone
    assert isinstance(
        savings.deposit(actor=people["teller"], membership=member, amount=1, on=ON), Proposal
    )


def test_roles_are_read_from_the_table(people, member):
    with pytest.raises(policy.Refused) as refused:
        savings.deposit(actor=people["accountant"], membership=member, amount=1_000, on=ON)
    assert refused.value.code == "role"
    rule = ActPolicy.objects.get(act=Act.SAVINGS_DEPOSIT)
    rule.proposers = [*rule.proposers, Role.ACCOUNTANT]
    rule.save()
    _limit(Act.SAVINGS_DEPOSIT, Role.ACCOUNTANT, 5_000)
    tx = savings.deposit(actor=people["accountant"], membership=member, amount=1_000, on=ON)
    assert isinstance(tx, SavingsTransaction)


def test_an_approver_needs_an_approving_role(people, member):
    proposal = savings.deposit(actor=people["teller"], membership=member, amount=50_000_000, on=ON)
    for who in (people["officer"], _colleague(people["teller"], "giaodich2")):
        with pytest.raises(policy.Refused) as refused:
            policy.approve(actor=who, proposal=proposal)
        assert refused.value.code == "role"
    assert not SavingsTransaction.objects.filter(membership=member).exists()


def test_a_rejection_carries_its_reason_and_moves_nothing(people, member):
    proposal = savings.deposit(actor=people["teller"], membership=member, amount=50_000_000, on=ON)
    with pytest.raises(Exception) as no_reason:
        policy.reject(actor=people["controller"], proposal=proposal, reason="  ")
    assert no_reason.value.code == "reason_required"
    policy.reject(
        actor=people["controller"], proposal=proposal, reason="Không có tiền mặt kèm theo"
    )
    proposal.refresh_from_db()
    assert proposal.status == PS.REJECTED and proposal.reason == "Không có tiền mặt kèm theo"
    assert proposal.decided_by == people["controller"]
    event = AuditEvent.objects.get(action=Action.PROPOSAL_REJECTED, object_id=str(proposal.pk))
    assert event.new["reason"] == "Không có tiền mặt kèm theo"
    with pytest.raises(policy.Refused):
        policy.approve(actor=people["director"], proposal=proposal)
    assert balance_of(member) == 0


def test_an_approval_the_rules_now_refuse_writes_nothing_and_the_proposal_waits(people, member):
    savings.deposit(actor=people["teller"], membership=member, amount=15_000_000, on=ON)
    proposal = savings.withdraw(actor=people["teller"], membership=member, amount=15_000_000, on=ON)
    savings.withdraw(actor=people["teller"], membership=member, amount=1_000_000, on=ON)
    with pytest.raises(ValidationError) as refused:
        policy.approve(actor=people["controller"], proposal=proposal)
    assert refused.value.error_list[0].code == "insufficient_savings"
    proposal.refresh_from_db()
    assert proposal.status == PS.PENDING and balance_of(member) == 14_000_000


def test_a_stale_proposal_expires(people, member):
    proposal = savings.deposit(actor=people["teller"], membership=member, amount=50_000_000, on=ON)
    Proposal.objects.filter(pk=proposal.pk).update(
        created=proposal.created - policy.LIFETIME - datetime.timedelta(minutes=1)
    )
    with pytest.raises(policy.Refused) as refused:
        policy.approve(actor=people["controller"], proposal=proposal)
    assert refused.value.code == "decided"
    proposal.refresh_from_db()
    assert proposal.status == PS.EXPIRED


def test_a_savings_reversal_needs_a_second_person(people, member):
    tx = savings.deposit(actor=people["teller"], membership=member, amount=300_000, on=ON)
    proposal = savings.reverse(actor=people["controller"], transaction=tx, reason="Nhập nhầm")
    assert isinstance(proposal, Proposal) and balance_of(member) == 300_000
    with pytest.raises(policy.Refused):
        policy.approve(actor=people["controller"], proposal=proposal)
    reversal = policy.approve(actor=people["director"], proposal=proposal)
    assert reversal.kind == "reversal" and balance_of(member) == 0


def test_the_savings_page_sends_a_large_deposit_for_approval(client_as, people, member):
    client = client_as("giaodich")
    url = reverse("savings:group", args=[member.group_id])
    response = client.post(
        url,
        {
            "membership": member.pk,
            "kind": "deposit",
            "amount": "9000000000000000000",
            "on": "10/03/2024",
            "idempotency_key": "page-1",
        },
    )
    assert not SavingsTransaction.objects.filter(membership=member).exists()
    if response.status_code == 302:  # the form took the amount: it waits for a second person
        proposal = Proposal.objects.get(act=Act.SAVINGS_DEPOSIT, proposer=people["teller"])
        assert proposal.status == PS.PENDING
    else:  # the form refused the amount outright
        assert response.status_code == 200
    response = client.post(
        url,
        {
            "membership": member.pk,
            "kind": "deposit",
            "amount": "50000000",
            "on": "10/03/2024",
            "idempotency_key": "page-2",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(key__endswith="page-2")
    assert not SavingsTransaction.objects.filter(membership=member).exists()

    # The controller sees it on the approvals page and approves it there; the teller cannot.
    assert (
        client.post(
            reverse("approvals:list"), {"proposal": proposal.pk, "action": "approve"}
        ).status_code
        == 404
    )
    controller = client_as("kiemsoat")
    page = controller.get(reverse("approvals:list"))
    assert page.status_code == 200 and f'value="{proposal.pk}"' in page.content.decode()
    controller.post(reverse("approvals:list"), {"proposal": proposal.pk, "action": "approve"})
    assert balance_of(member) == 50_000_000


# --------------------------------------------------------------------- applications


@pytest.fixture
def household():
    for record in PovertyRecord.objects.filter(year=2024, status="poor").select_related(
        "household"
    ):
        if record.household.memberships.filter(left__isnull=True).exists():
            return record.household
    raise LookupError


def _submit(actor, household, amount=50_000_000):
    return loans.submit_application(
        actor=actor,
        household=household,
        borrower=household.head,
        programme=Programme.objects.get(code="HN"),
        group=household.memberships.get(left__isnull=True).group,
        amount=amount,
        term_months=24,
        purpose="Chăn nuôi lợn",
        applied_on=D(2024, 3, 1),
    )


STEP_DAY = D(2024, 3, 5)


def _advance(actor, application, to, on=STEP_DAY):
    return loans.advance_application(actor=actor, application=application, to=to, on=on)


def _approved(people, household, amount=50_000_000):
    application = _submit(people["officer"], household, amount)
    _advance(people["leader"], application, "reviewed")
    _advance(people["organisation"], application, "appraised")
    _advance(people["ward"], application, "confirmed")
    return _advance(people["director"], application, "approved", D(2024, 3, 10))


def test_the_credit_officer_cannot_take_the_group_organisation_and_ward_steps(people, household):
    application = _submit(people["officer"], household)
    with pytest.raises(policy.Refused) as refused:
        _advance(people["officer"], application, "reviewed")
    assert refused.value.code == "same_person"
    _advance(people["leader"], application, "reviewed")
    with pytest.raises(policy.Refused):
        _advance(people["leader"], application, "appraised")  # and not a role of the group's
    _advance(people["organisation"], application, "appraised")
    with pytest.raises(policy.Refused) as refused:
        _advance(people["organisation"], application, "confirmed")
    _advance(people["ward"], application, "confirmed")
    application.refresh_from_db()
    assert application.status == "confirmed"


def test_the_director_cannot_submit_approve_and_disburse_alone(people, household):
    director = people["director"]
    application = _submit(director, household)
    _advance(people["leader"], application, "reviewed")
    _advance(people["organisation"], application, "appraised")
    _advance(people["ward"], application, "confirmed")
    with pytest.raises(policy.Refused) as refused:
        _advance(director, application, "approved", D(2024, 3, 10))
    assert refused.value.code == "same_person"

    deputy = _colleague(director, "phogiamdoc")
    _advance(deputy, application, "approved", D(2024, 3, 10))
    with pytest.raises(policy.Refused) as refused:
        loans.disburse(
            actor=deputy,
            application=application,
            source=CapitalSource.objects.get(code="TW"),
            on=D(2024, 3, 15),
        )
    assert refused.value.code == "same_person"
    loan = loans.disburse(
        actor=people["teller"],
        application=application,
        source=CapitalSource.objects.get(code="TW"),
        on=D(2024, 3, 15),
    )
    assert isinstance(loan, Loan)


def test_the_approver_never_approves_the_disbursement_of_the_loan_he_approved(people, household):
    application = _approved(people, household, amount=100_000_000)
    _limit(Act.LOAN_DISBURSE, Role.TELLER, 60_000_000)
    proposal = loans.disburse(
        actor=people["teller"],
        application=application,
        source=CapitalSource.objects.get(code="TW"),
        on=D(2024, 3, 15),
        idempotency_key="d1",
    )
    assert isinstance(proposal, Proposal) and not Loan.objects.filter(application=application)
    with pytest.raises(policy.Refused) as refused:
        policy.approve(actor=people["director"], proposal=proposal)
    assert refused.value.code == "same_person"
    loan = policy.approve(actor=people["controller"], proposal=proposal)
    assert loan.amount == 100_000_000
    disbursement = loan.transactions.get(kind="disbursement")
    assert disbursement.actor == people["teller"]
    assert disbursement.details["approved_by_id"] == people["controller"].pk
    assert Loan.objects.filter(application=application).count() == 1


def test_the_application_page_refuses_a_second_step_by_the_same_person(
    client_as, people, household
):
    application = _submit(people["officer"], household)
    _advance(people["leader"], application, "reviewed")
    client = client_as("tindung")
    response = client.post(
        reverse("loans:application", args=[application.pk]),
        {"action": "next", "on": "05/03/2024", "note": ""},
    )
    assert response.status_code == 200
    assert (
        'data-testid="errors"' in response.content.decode() or response.context["step_form"].errors
    )
    application.refresh_from_db()
    assert application.status == "reviewed"


# --------------------------------------------------------------------- after disbursement


@pytest.fixture
def loan(people, household):
    application = _approved(people, household)
    return loans.disburse(
        actor=people["teller"],
        application=application,
        source=CapitalSource.objects.get(code="TW"),
        on=D(2024, 3, 15),
    )


def test_a_counter_repayment_above_the_limit_waits(people, loan):
    _limit(Act.LOAN_REPAY, Role.TELLER, 1_000_000)
    small = loans.repay(actor=people["teller"], loan=loan, on=D(2024, 4, 15), principal=500_000)
    assert isinstance(small, LoanTransaction)
    proposal = loans.repay(
        actor=people["teller"], loan=loan, on=D(2024, 4, 15), principal=10_000_000
    )
    assert isinstance(proposal, Proposal)
    tx = policy.approve(actor=people["director"], proposal=proposal)
    assert tx.principal == 10_000_000 and tx.details["approved_by_id"] == people["director"].pk
    loan.refresh_from_db()
    assert loan.principal_outstanding == 50_000_000 - 10_500_000


@pytest.mark.parametrize(
    "act,propose",
    [
        (
            Act.LOAN_FREEZE,
            lambda who, loan: loans.freeze(
                actor=who, loan=loan, on=D(2024, 5, 1), loss_percent=60, months=24, decision="QĐ 1"
            ),
        ),
        (
            Act.LOAN_EXTEND,
            lambda who, loan: loans.extend(
                actor=who,
                loan=loan,
                due=loan.instalments.order_by("due").first().due,
                new_due=loan.instalments.order_by("due").first().due + datetime.timedelta(days=90),
                on=D(2024, 4, 1),
                reason="Thiên tai",
            ),
        ),
        (
            Act.LOAN_WRITE_OFF,
            lambda who, loan: loans.write_off(
                actor=who,
                loan=loan,
                on=D(2024, 5, 1),
                principal=1_000_000,
                interest=0,
                decision="QĐ xóa nợ 1",
            ),
        ),
    ],
)
def test_extension_freeze_and_write_off_need_the_director_after_the_officer(
    people, loan, act, propose
):
    kinds = {
        Act.LOAN_FREEZE: "freeze",
        Act.LOAN_EXTEND: "extension",
        Act.LOAN_WRITE_OFF: "write_off",
    }
    with pytest.raises(policy.Refused):
        propose(people["teller"], loan)
    proposal = propose(people["director"], loan)  # the director alone: a proposal too
    assert isinstance(proposal, Proposal)
    proposal = propose(people["officer"], loan)
    assert isinstance(proposal, Proposal) and not loan.transactions.filter(kind=kinds[act])
    with pytest.raises(policy.Refused):
        policy.approve(actor=people["controller"], proposal=proposal)
    tx = policy.approve(actor=people["director"], proposal=proposal)
    assert tx.kind == kinds[act] and tx.actor == people["officer"]
    assert tx.details["approved_by_id"] == people["director"].pk


def test_a_loan_reversal_needs_a_second_person(people, loan):
    repayment = loans.repay(
        actor=people["teller"], loan=loan, on=D(2024, 4, 15), principal=1_000_000
    )
    proposal = loans.reverse(
        actor=people["controller"], transaction_to_reverse=repayment, reason="Nhập nhầm"
    )
    assert isinstance(proposal, Proposal)
    assert not LoanTransaction.objects.filter(reverses=repayment).exists()
    reversal = policy.approve(actor=people["director"], proposal=proposal)
    assert reversal.reverses == repayment
    event = AuditEvent.objects.get(action=Action.TRANSACTION_REVERSED, object_id=str(reversal.pk))
    assert event.actor == people["controller"]
    assert event.new["details"]["approved_by_id"] == people["director"].pk


# -------------------------------------------------------------------- capital, users


def test_an_entrustment_decision_reaches_the_books_only_when_the_director_approves(people):
    decision = EntrustmentDecision(
        source=CapitalSource.objects.get(code="NS-HBT"),
        office=people["accountant"].office,
        number="999/QĐ-UBND",
        date=D(2024, 3, 1),
        amount=2_000_000_000,
    )
    with pytest.raises(policy.Refused):
        save_decision(actor=people["admin"], instance=decision)
    proposal = save_decision(
        actor=people["accountant"],
        instance=decision,
        programmes=[Programme.objects.get(code="GQVL")],
    )
    assert isinstance(proposal, Proposal)
    assert not EntrustmentDecision.objects.filter(number="999/QĐ-UBND").exists()
    made = policy.approve(actor=people["director"], proposal=proposal)
    assert made.amount == 2_000_000_000
    assert list(made.programmes.values_list("code", flat=True)) == ["GQVL"]


def test_a_new_user_cannot_sign_in_until_a_second_person_approves(people):
    office = people["director"].office
    new = User(username="giaodich3", role=Role.TELLER, office=office)
    new.set_password("một mật khẩu dài đủ 14")
    proposal = save_user(actor=people["admin"], instance=new)
    assert isinstance(proposal, Proposal)
    new.refresh_from_db()
    assert not new.is_active
    policy.approve(actor=people["director"], proposal=proposal)
    new.refresh_from_db()
    assert new.is_active and new.role == Role.TELLER


def test_a_role_change_waits_and_the_user_keeps_the_old_role(people):
    teller = people["teller"]
    teller.role = Role.DIRECTOR
    proposal = save_user(actor=people["admin"], instance=teller)
    assert isinstance(proposal, Proposal)
    teller.refresh_from_db()
    assert teller.role == Role.TELLER
    with pytest.raises(policy.Refused):  # the user concerned never approves their own access
        policy.approve(actor=people["admin"], proposal=proposal)
    other_admin = User.objects.create_user(
        username="quantri2", password="x", role=Role.ADMINISTRATOR, is_superuser=True
    )
    policy.approve(actor=other_admin, proposal=proposal)
    teller.refresh_from_db()
    assert teller.role == Role.DIRECTOR


def test_the_rules_are_an_administrators_screen_and_a_change_is_audited(client_as, people):
    rule = ActPolicy.objects.get(act=Act.SAVINGS_WITHDRAW)
    url = reverse("admin:accounts_actpolicy_change", args=[rule.pk])
    for username in ("giamdoc", "giaodich", "kiemsoat"):
        assert client_as(username).get(url).status_code in (302, 403, 404)
    client = client_as("admin")
    assert client.get(url).status_code == 200
    limit = rule.limits.get(role=Role.TELLER)
    response = client.post(
        url,
        {
            "proposers": ["teller"],
            "approvers": ["controller", "director"],
            "note": rule.note,
            "limits-TOTAL_FORMS": "2",
            "limits-INITIAL_FORMS": "1",
            "limits-MIN_NUM_FORMS": "0",
            "limits-MAX_NUM_FORMS": "1000",
            "limits-0-id": limit.pk,
            "limits-0-policy": rule.pk,
            "limits-0-role": "teller",
            "limits-0-alone_up_to": "3000000",
            "limits-1-policy": rule.pk,
            "limits-1-role": "",
            "limits-1-alone_up_to": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    limit.refresh_from_db()
    assert limit.alone_up_to == 3_000_000
    assert AuditEvent.objects.filter(
        model="accounts.actlimit", object_id=str(limit.pk), actor=people["admin"]
    ).exists()
