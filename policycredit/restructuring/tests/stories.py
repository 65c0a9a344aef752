"""Steps of a dossier's life, each by the person whose step it is, for the tests' stories."""

import datetime

from policycredit.accounts.models import User
from policycredit.common.selectors import business_date
from policycredit.loans.models import Loan
from policycredit.restructuring import services

from .conftest import WARD_OFFICER


def who(username: str) -> User:
    return User.objects.get(username=username)


def confirmed_dossier(loan, loss: int, *, cause="disaster"):
    """Opened by the credit officer, the loss assessed, confirmed by the ward's officer."""
    officer = who("tindung")
    dossier = services.open_dossier(
        actor=officer,
        loan=loan,
        cause=cause,
        description="Bão số 3 làm sập chuồng trại",
        event_on=business_date() - datetime.timedelta(days=3),
    )
    services.record_loss(actor=officer, dossier=dossier, by_group=loss, by_organisation=loss)
    return services.confirm_by_ward(
        actor=who(WARD_OFFICER), dossier=dossier, reference="15/XN-UBND"
    )


def extension(loan, dossier=None, *, by: str = "tindung"):
    loan = Loan.objects.get(pk=loan.pk)  # the schedule as it stands now
    due = loan.next_due
    return services.propose_measure(
        actor=who(by),
        loan=loan,
        kind="extension",
        parameters={
            "due": due.isoformat(),
            "new_due": (due + datetime.timedelta(days=90)).isoformat(),
            "reason": "Thiệt hại do bão",
        },
        on=business_date(),
        dossier=dossier,
    )


def propose(loan, kind: str, dossier=None, *, by: str = "tindung", **parameters):
    """A measure proposed today with its reason and the form's parameters."""
    return services.propose_measure(
        actor=who(by),
        loan=loan,
        kind=kind,
        parameters={"reason": "Thiệt hại do bão", **parameters},
        on=business_date(),
        dossier=dossier,
    )
