"""Stories of the 06/TD loan-use check through its service, with hand-checked figures."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from policycredit.audit.models import Action, AuditEvent
from policycredit.inspections import selectors, services
from policycredit.inspections.models import LoanUseCheck
from policycredit.inspections.tests.conftest import member_of, originate
from policycredit.loans.models import Loan

pytestmark = pytest.mark.django_db
D = datetime.date


def check(loan, by, **kwargs):
    arguments = {"checked_on": D(2026, 3, 20), "outcome": "as_planned", **kwargs}
    return services.record_loan_use_check(actor=by, loan=loan, **arguments)


def codes(error) -> set:
    return {e.code for e in error.value.error_list}


def test_a_loan_used_as_planned_is_checked_once_and_audited(loan, user):
    done = check(loan, user("hoiphunu"), note="Đã mua 2 con bò")
    assert (done.disbursed, done.amount_used, done.misused) == (20_000_000, 20_000_000, 0)
    assert not done.flagged
    assert done.office_id == loan.office_id
    events = AuditEvent.objects.filter(model="inspections.loanusecheck", object_id=str(done.pk))
    assert [e.action for e in events] == [Action.LOAN_USE_CHECKED]
    with pytest.raises(ValidationError) as refused:
        check(loan, user("tindung"))
    assert codes(refused) == {"already_checked"}
    assert LoanUseCheck.objects.filter(loan=loan).count() == 1


def test_a_partly_misused_loan_is_flagged_with_what_the_bank_recalls(loan, user):
    """20,000,000 disbursed, 18,500,000 used as planned: 1,500,000 to recall."""
    done = check(loan, user("hoiphunu"), outcome="partly", amount_used=18_500_000)
    assert done.flagged and done.misused == 1_500_000
    misuse = AuditEvent.objects.get(action=Action.LOAN_MISUSE_FOUND, object_id=str(done.pk))
    assert misuse.new == {"loan_id": loan.pk, "outcome": "partly", "misused": 1_500_000}
    # No money moves at the check: the loan's balance is as disbursed.
    assert Loan.objects.get(pk=loan.pk).principal_outstanding == 20_000_000


def test_a_loan_not_used_at_all_is_flagged_in_full(loan, user):
    done = check(loan, user("tindung"), outcome="not_used", amount_used=123)
    assert (done.amount_used, done.misused, done.flagged) == (0, 20_000_000, True)


@pytest.mark.parametrize(
    "amount, code",
    [(None, "amount_required"), (0, "amount_out_of_range"), (20_000_000, "amount_out_of_range")],
)
def test_partly_needs_an_amount_between_nothing_and_all(loan, user, amount, code):
    with pytest.raises(ValidationError) as refused:
        check(loan, user("hoiphunu"), outcome="partly", amount_used=amount)
    assert codes(refused) == {code}
    assert not LoanUseCheck.objects.exists()


def test_a_check_dated_before_the_disbursement_or_after_today_is_refused(loan, user):
    with pytest.raises(ValidationError) as before:
        check(loan, user("hoiphunu"), checked_on=D(2026, 3, 9))
    with pytest.raises(ValidationError) as after:
        check(loan, user("hoiphunu"), checked_on=D(2026, 3, 26))
    assert (codes(before), codes(after)) == ({"before_disbursement"}, {"future"})


def test_the_jobs_verified_reach_the_loan_in_the_same_transaction(job_loan, user):
    done = check(job_loan, user("hoiphunu"), jobs_new=3, jobs_maintained=1)
    loan = Loan.objects.get(pk=job_loan.pk)
    assert (loan.jobs_new_verified, loan.jobs_maintained_verified) == (3, 1)
    assert (done.jobs_new, done.jobs_maintained) == (3, 1)


def test_a_job_creation_loan_needs_its_jobs_and_another_loan_none(job_loan, loan, user):
    with pytest.raises(ValidationError) as missing:
        check(job_loan, user("hoiphunu"), jobs_new=3)
    with pytest.raises(ValidationError) as extra:
        check(loan, user("hoiphunu"), jobs_new=1, jobs_maintained=0)
    assert (codes(missing), codes(extra)) == ({"jobs_required"}, {"jobs_not_recorded"})
    assert Loan.objects.get(pk=job_loan.pk).jobs_new_verified is None


def test_a_correction_supersedes_the_check_and_both_stay(job_loan, user):
    first = check(job_loan, user("hoiphunu"), jobs_new=3, jobs_maintained=1)
    with pytest.raises(ValidationError) as no_reason:
        check(job_loan, user("tindung"), supersedes=first, jobs_new=2, jobs_maintained=1)
    assert codes(no_reason) == {"reason_required"}
    second = check(
        job_loan,
        user("tindung"),
        supersedes=first,
        outcome="partly",
        amount_used=40_000_000,
        jobs_new=2,
        jobs_maintained=1,
        correction_reason="Kiểm tra lại: một lao động đã nghỉ",
    )
    assert second.supersedes == first and first.superseded_by == second
    assert list(selectors.current_checks_for(user("tindung"))) == [second]
    assert selectors.checks_for(user("tindung")).count() == 2
    loan = Loan.objects.get(pk=job_loan.pk)
    assert (loan.jobs_new_verified, loan.jobs_maintained_verified) == (2, 1)
    corrected = AuditEvent.objects.get(action=Action.LOAN_USE_CHECK_CORRECTED)
    assert corrected.old == {"supersedes_id": first.pk, "outcome": "as_planned"}
    # Only the record that stands may be corrected.
    with pytest.raises(ValidationError) as stale:
        check(
            job_loan,
            user("tindung"),
            supersedes=first,
            correction_reason="x",
            jobs_new=1,
            jobs_maintained=1,
        )
    assert codes(stale) == {"not_standing"}


def test_roles_without_the_check_may_not_record_one(loan, user):
    for name in ("giaodich", "giamdoc", "phuong.vinhtuy", "totruong", "bandaidien"):
        with pytest.raises(PermissionDenied):
            check(loan, user(name))
    assert not LoanUseCheck.objects.exists()


def test_an_organisation_checks_only_loans_of_the_groups_it_manages(other_loan, user):
    with pytest.raises(PermissionDenied) as refused:
        check(other_loan, user("hoiphunu"))
    assert refused.value.code == "scope"
    assert check(other_loan, user("tindung")).loan == other_loan


def test_a_check_is_due_within_30_days_then_late_and_leaves_when_done(loan, user):
    officer = user("hoiphunu")
    [item] = [i for i in selectors.loan_use_checks_due(officer, D(2026, 3, 25)) if i.loan == loan]
    assert (item.due, item.overdue) == (D(2026, 4, 9), False)
    assert item.get_absolute_url() == f"/checks/loans/{loan.pk}/"
    [late] = [i for i in selectors.loan_use_checks_due(officer, D(2026, 4, 10)) if i.loan == loan]
    assert late.overdue
    # Before its disbursement a loan is not due; another organisation never sees it.
    assert loan not in [i.loan for i in selectors.loan_use_checks_due(officer, D(2026, 3, 9))]
    check(loan, officer)
    assert loan not in [i.loan for i in selectors.loan_use_checks_due(officer, D(2026, 3, 25))]


def test_the_queue_is_scoped_and_the_longest_waiting_first(loan, other_loan, user):
    earlier = originate(member_of(women=True, nth=1), on=D(2026, 3, 1))
    due = selectors.loan_use_checks_due(user("hoiphunu"), D(2026, 3, 25))
    loans = [i.loan for i in due]
    assert other_loan not in loans
    assert loans.index(earlier) < loans.index(loan)
    assert other_loan in [
        i.loan for i in selectors.loan_use_checks_due(user("tindung"), D(2026, 3, 25))
    ]
