"""The database refuses what would make the books lie, and the check names a tampered line."""

import datetime
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from policycredit.common.selectors import replaying
from policycredit.domain import posting as p
from policycredit.geo.models import Office
from policycredit.ledger.models import JournalEntry, JournalLine
from policycredit.ledger.services import EntrySpec, accounts_for, post
from policycredit.loans import services

pytestmark = pytest.mark.django_db
D = datetime.date


def _raw_lines(office, amounts):
    """Lines written straight to the table, bypassing the services' own balance check."""
    accounts = accounts_for([(office.pk, p.CASH_OFFICE, None, None)])
    key = uuid.uuid4()
    JournalLine.objects.bulk_create(
        [
            JournalLine(
                entry_id=key,
                account_id=accounts[(office.pk, p.CASH_OFFICE, None, None)],
                amount=a,
                office=office,
                value_date=D(2024, 1, 1),
            )
            for a in amounts
        ]
    )
    return key


def test_the_database_refuses_an_unbalanced_entry():
    office = Office.objects.first()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        key = _raw_lines(office, [1_000, -999])
        JournalEntry.objects.create(key=key, office=office, value_date=D(2024, 1, 1), kind="loan")


def test_the_database_takes_a_balanced_entry_but_no_line_after_it():
    office = Office.objects.first()
    key = _raw_lines(office, [1_000, -1_000])
    JournalEntry.objects.create(key=key, office=office, value_date=D(2024, 1, 1), kind="loan")
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        _raw_lines_for(office, key)


def _raw_lines_for(office, key):
    account = JournalLine.objects.filter(entry_id=key).first().account_id
    JournalLine.objects.bulk_create(
        [
            JournalLine(
                entry_id=key, account_id=account, amount=5, office=office, value_date=D(2024, 1, 1)
            )
        ]
    )


def test_the_services_refuse_an_unbalanced_entry_before_the_database_does():
    office = Office.objects.first()
    with pytest.raises(p.UnbalancedEntry):
        post(EntrySpec(office.pk, D(2024, 1, 1), "loan", (p.Line(p.CASH_OFFICE, 5),)))


def _posted_entry():
    office = Office.objects.first()
    return post(
        EntrySpec(office.pk, D(2024, 1, 1), "savings", p.savings_deposit(70_000), memo="test")
    )


def test_posted_lines_and_entries_cannot_be_updated():
    entry = _posted_entry()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        JournalLine.objects.filter(entry_id=entry.key).update(amount=1)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(memo="changed")


def test_the_models_refuse_edits_and_deletes():
    entry = _posted_entry()
    line = JournalLine.objects.filter(entry_id=entry.key).first()
    for obj in (entry, line):
        with pytest.raises(ValueError):
            obj.save()
        with pytest.raises(ValueError):
            obj.delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps DELETE open for its test resets"
)
def test_postgresql_refuses_deleting_posted_lines():
    entry = _posted_entry()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        JournalLine.objects.filter(entry_id=entry.key).delete()


def _tamper(line_id: int, amount: int) -> None:
    """What a person with database access might do: switch the guard off, edit a line."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER ledger_line_no_update")
        else:
            # The test's own deferred foreign-key checks must run before the table is altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE ledger_journalline DISABLE TRIGGER ledger_line_no_rewrite")
        cursor.execute("UPDATE ledger_journalline SET amount = %s WHERE id = %s", [amount, line_id])


def test_ledger_check_passes_and_then_names_a_tampered_account(
    approved_job_loan, district, teller, capsys
):
    with replaying(D(2024, 3, 15)):
        loan = services.disburse(
            actor=teller, application=approved_job_loan, source=district, on=D(2024, 3, 15)
        )
        call_command("ledger", "check", "--lang", "en")
        assert "every check passed" in capsys.readouterr().out
        line = JournalLine.objects.get(loan=loan, account__kind=p.LOANS_IN_TERM)
        _tamper(line.pk, line.amount - 1_000)
        with pytest.raises(CommandError):
            call_command("ledger", "check", "--lang", "en")
    err = capsys.readouterr().err
    code = f"2111.{loan.office.code}.NS-HBT.GQVL"
    assert code in err
    assert "does not balance" in err
    assert loan.number in err
